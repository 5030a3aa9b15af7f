using Microsoft.Net.Http.Headers;
using Orleans.Runtime;
using Tempo.Api.Errors;
using Tempo.Api.Tokens;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Gate;

/// <summary>
/// The gate in front of every <c>/4</c> endpoint. Runs after routing and before binding, so nothing of a request
/// is read before its token is accepted. Cheap checks first: header, shape and checksum, then the keyed hash and its
/// tag (no grain call for any of them), then the token's entry in this process's gate cache (no grain call while
/// its lease runs), else one call to the token's grain for it. A <c>/4</c> endpoint that declares no scope is refused.
/// </summary>
public sealed partial class TokenGateMiddleware(
    RequestDelegate next,
    IGrainFactory grains,
    TokenSecretHasher hasher,
    ScopeCatalogue catalogue,
    TokenGateMetrics metrics,
    TokenGateCache cache,
    TokenUseReporter uses,
    TimeProvider time,
    ILogger<TokenGateMiddleware> logger,
    TokenGateMode mode)
{
    private const string BearerPrefix = "Bearer ";
    private Func<TokenId, ITokenGrain>? _grainOf;

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var declared = endpoint?.Metadata.GetMetadata<TokenScopeMetadata>();
        if (declared is null)
        {
            return !IsTempoApi(context.Request.Path) ? next(context)
                : endpoint is RouteEndpoint ? RefuseUndeclaredAsync(context)
                : mode.Disabled ? next(context)
                : AuthorizeAsync(context, scope: null);
        }

        // Off only in a benchmark (BenchmarkGateSwitch): answered as if the gate allowed, with no grain call.
        if (mode.Disabled)
        {
            context.Features.Set(AuthenticatedToken.Benchmark);
            return next(context);
        }

        return AuthorizeAsync(context, declared.Scope);
    }

    public static bool IsTempoApi(PathString path) => path.StartsWithSegments("/4");

    /// <summary>Checks the request's token for <paramref name="scope"/>; with none (no route matched), only that it is valid (TokenGateMiddleware.Unmatched.cs).</summary>
    private async Task AuthorizeAsync(HttpContext context, string? scope)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            await UnauthorizedAsync(context, "missing", "Missing bearer token: send 'Authorization: Bearer <token>'.");
            return;
        }

        var required = AccessLevels.RequiredFor(context.Request.Method);
        var checkedScope = scope ?? AnyScope;
        var checkedLevel = scope is null ? AccessLevel.View : required;
        var found = Find(value, out var slot, out var hash, out var missed);
        if (found == Found.Malformed)
        {
            await UnauthorizedAsync(context, "malformed", "The bearer token is malformed.");
            return;
        }

        if (found == Found.Forged)
        {
            // Its tag is not one this service's key gives: the same answer as an unknown id, no grain call, no activation.
            await UnauthorizedAsync(context, "forged", "Unknown token.");
            return;
        }

        if (slot is null)
        {
            metrics.CacheMiss();
            slot = await cache.FillAsync(TokenGrain(missed), missed, new TokenGateUse(hash, checkedScope, checkedLevel, null));
        }
        else
        {
            metrics.CacheHit();
        }

        var now = TokenRules.TruncateToMilliseconds(time.GetUtcNow());
        var outcome = TokenGateCheck.Check(slot.Entry, hash, checkedScope, checkedLevel, now);
        if (outcome is AuthorizeOutcome.Allowed or AuthorizeOutcome.InsufficientScope or AuthorizeOutcome.Expired)
        {
            // The secret is the entry's current one (these outcomes need it, and a token not deleted): remember it.
            slot.Verified(TokenOf(value));
        }

        if (scope is null && await AnswerUnmatchedAsync(context, outcome))
        {
            return;
        }

        switch (outcome)
        {
            case AuthorizeOutcome.Allowed:
                metrics.Allowed(scope!);
                cache.RecordUse(slot, now, _grainOf ??= TokenGrain);
                // The tenant and owner come from the token's grain, never from the request.
                context.Features.Set(slot.Authenticated);
                await next(context);
                return;
            case AuthorizeOutcome.Expired:
                ReportDenied(context, slot.Id, "expired");
                await UnauthorizedAsync(context, "expired", "The token has expired.");
                return;
            case AuthorizeOutcome.Revoked:
                ReportDenied(context, slot.Id, "revoked");
                await UnauthorizedAsync(context, "revoked", "The token has been revoked.");
                return;
            case AuthorizeOutcome.InsufficientScope:
                ReportDenied(context, slot.Id, "insufficient_scope");
                await ForbiddenAsync(context, scope!, required);
                return;
            default:
                await UnauthorizedAsync(context, "unknown", "Unknown token.");
                return;
        }
    }

    private enum Found
    {
        Token,
        Malformed,
        Forged,
    }

    private static ReadOnlySpan<char> TokenOf(string header) => header.AsSpan(BearerPrefix.Length).Trim();

    /// <summary>
    /// The request's token: its cache slot (null on a miss, then <paramref name="missed"/> is its id) and the hash of
    /// its secret. The exact token string this process already verified against the cached entry (compared in
    /// constant time) needs neither the parse nor the keyed hash: its hash is the entry's current secret hash. Any
    /// other string is parsed (shape, checksum) and hashed, and its tag checked, before anything else is decided.
    /// </summary>
    private Found Find(string header, out TokenGateCache.Slot? slot, out byte[] hash, out TokenId missed)
    {
        var token = TokenOf(header);
        missed = default;
        slot = token.Length == ApiTokenFormat.Length ? cache.TryGet(ApiTokenFormat.IdChars(token)) : null;
        if (slot is not null && slot.IsVerified(token))
        {
            hash = slot.Entry!.SecretHash;
            return Found.Token;
        }

        if (!ApiTokenFormat.TryParse(token, out var idChars))
        {
            hash = [];
            return Found.Malformed;
        }

        // The keyed hash is needed for the grain call anyway; its tag tells an issued token from an invented one.
        if (!hasher.TryHash(token, out hash))
        {
            return Found.Forged;
        }

        if (slot is null)
        {
            missed = new TokenId(new string(idChars));
        }

        return Found.Token;
    }

    private ITokenGrain TokenGrain(TokenId id) => grains.Reference<ITokenGrain>(id.GrainKey);

    private Task UnauthorizedAsync(HttpContext context, string reason, string message)
    {
        metrics.Unauthorized(reason);
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer error=\"invalid_token\"";
        return TempoErrorHandling.WriteAsync(context, StatusCodes.Status401Unauthorized, message);
    }

    /// <summary>
    /// A refusal of someone who held a real secret of the token, for its aggregated <c>token.denied</c> event: counted in
    /// this process and reported to the token's grain in batches (the gate answers from its cache, not the grain).
    /// </summary>
    private void ReportDenied(HttpContext context, TokenId id, string reason) =>
        uses.Denied(id, reason, context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.Count > 0 ? context.Request.Headers.UserAgent[0] : null);

    private Task ForbiddenAsync(HttpContext context, string scope, AccessLevel required)
    {
        var level = required == AccessLevel.View ? "view" : "manage";
        metrics.Forbidden(scope, level);
        var scopeName = catalogue.TryGet(scope, out var definition) ? definition.Name : scope;
        context.Response.Headers[HeaderNames.WWWAuthenticate] = $"Bearer error=\"insufficient_scope\", scope=\"{scope}:{level}\"";
        return TempoErrorHandling.WriteAsync(
            context,
            StatusCodes.Status403Forbidden,
            $"This token lacks the '{scope}:{level}' scope ({required.ToWire()} on {scopeName}) that {context.Request.Method} requests here need.");
    }

    private Task RefuseUndeclaredAsync(HttpContext context)
    {
        LogUndeclared(logger, Tempo.Grains.Interfaces.TextSafety.ForLog(context.Request.Path.Value));
        return TempoErrorHandling.WriteAsync(context, StatusCodes.Status403Forbidden, "This endpoint declares no token scope and is closed.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The /4 endpoint {Path} declares no token scope; refusing it")]
    private static partial void LogUndeclared(ILogger logger, string path);
}
