using Tempo.Api.Errors;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Gate;

/// <summary>
/// A <c>/4</c> request that matched no route (an unknown path), or only routing's rejection of its verb (405) or
/// media type (415), still needs a valid token before it learns anything: without one it is a 401 like any other,
/// so nobody can map which routes exist. With one, it gets the honest 404, 405 (with <c>Allow</c>) or 415, in
/// Tempo's error body. The token is checked with one grain call for any scope: a token that lacks it is still a
/// valid token.
/// </summary>
public sealed partial class TokenGateMiddleware
{
    private string AnyScope => catalogue.Scopes[0].Key;

    /// <summary>Answers the request when the token is valid; false leaves a refusal (401) to the caller.</summary>
    private async Task<bool> AnswerUnmatchedAsync(HttpContext context, AuthorizeOutcome outcome)
    {
        if (outcome is not (AuthorizeOutcome.Allowed or AuthorizeOutcome.InsufficientScope))
        {
            return false;
        }

        if (context.GetEndpoint() is null)
        {
            await TempoErrorHandling.WriteAsync(context, StatusCodes.Status404NotFound, "No Tempo API operation has this path.");
        }
        else
        {
            // Routing's rejection endpoint: it sets 405 and Allow, or 415; the status-code page writes Tempo's body.
            await next(context);
        }

        return true;
    }
}
