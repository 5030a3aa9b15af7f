using System.Globalization;
using System.Text.Json.Serialization;
using Tempo.Api.Auth;
using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Grains.Interfaces.Audit;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Management;

/// <summary>
/// <c>GET /api-integration/audit</c>: the tenant's token audit trail, newest first, paged by an opaque cursor. A user
/// sees the events of their own tokens; a tenant administrator sees every token of the tenant.
/// </summary>
public static class TokenAuditEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapTokenAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api-integration")
            .RequireAuthorization(ManagementAuthorization.SignedInUser)
            .WithTags("API integration")
            .MapGet("/audit", GetAudit)
            .WithName("getTokenAudit").WithSummary("The token audit trail, newest first: own tokens, or every token of the tenant for its administrators");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, BadRequest<ErrorBody>>> GetAudit(
        SignedInUser user, IGrainFactory grains, string? tokenId, string? from, string? to, string? cursor, int? limit)
    {
        TokenId? token = null;
        if (tokenId is not null)
        {
            if (!TokenId.TryParse(tokenId, out var parsed))
            {
                return TempoResults.BadRequest($"'tokenId' '{Tempo.Grains.Interfaces.TextSafety.ForLog(tokenId, 40)}' is not a token id.");
            }

            token = parsed;
        }

        DateOnly? fromDay = null, toDay = null;
        if (from is not null)
        {
            if (!Dates.TryParse(from, out var f))
            {
                return TempoResults.BadRequest(Dates.Invalid("from", from));
            }

            fromDay = f;
        }

        if (to is not null)
        {
            if (!Dates.TryParse(to, out var t))
            {
                return TempoResults.BadRequest(Dates.Invalid("to", to));
            }

            toDay = t;
        }

        if (limit is < 1 or > MaxLimit)
        {
            return TempoResults.BadRequest($"'limit' must be between 1 and {MaxLimit}.");
        }

        (DateOnly Day, int Position)? after = null;
        if (cursor is not null)
        {
            if (!TryReadCursor(cursor, out var c))
            {
                return TempoResults.BadRequest("'cursor' is not a cursor this API returned.");
            }

            after = c;
        }

        var take = limit ?? DefaultLimit;
        var results = new List<AuditEventResponse>(take);
        string? next = null;
        var days = await grains.Reference<IAuditIndexGrain>(AuditGrainKeys.Index(user.Tenant)).DaysAsync();
        foreach (var day in days)
        {
            if ((toDay is { } upper && day > upper) || (after is { } a && day > a.Day))
            {
                continue;
            }

            if (fromDay is { } lower && day < lower)
            {
                break;
            }

            var stored = await grains.Reference<IAuditDayGrain>(AuditGrainKeys.Day(user.Tenant, day)).ReadAsync();
            var start = after is { } at && at.Day == day ? at.Position - 1 : stored.Events.Length - 1;
            for (var i = start; i >= 0; i--)
            {
                var e = stored.Events[i];
                if ((!user.Admin && e.OwnerAccountId != user.AccountId) || (token is { } only && e.TokenId != only))
                {
                    continue;
                }

                if (results.Count == take)
                {
                    next = WriteCursor(day, i + 1);
                    break;
                }

                results.Add(AuditEventResponse.From(e));
            }

            if (next is not null)
            {
                break;
            }
        }

        return TypedResults.Ok(new AuditPage(results, new AuditPageMetadata(results.Count, take, next)));
    }

    private static string WriteCursor(DateOnly day, int position) =>
        day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "." + position.ToString(CultureInfo.InvariantCulture);

    private static bool TryReadCursor(string text, out (DateOnly Day, int Position) cursor)
    {
        cursor = default;
        var dot = text.IndexOf('.');
        if (dot != 8
            || !DateOnly.TryParseExact(text[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !int.TryParse(text[9..], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || position < 1 || position > AuditGrainKeys.MaxEventsPerDay)
        {
            return false;
        }

        cursor = (day, position);
        return true;
    }
}

public sealed record AuditPage(IReadOnlyList<AuditEventResponse> Results, AuditPageMetadata Metadata);

/// <summary><see cref="Next"/> is the cursor of the next (older) page; absent on the last page.</summary>
public sealed record AuditPageMetadata(int Count, int Limit, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);

public sealed record AuditEventResponse(
    string Id, DateTimeOffset Time, string Type, string Actor, string TokenId, string TokenName, string? SourceIp, string? UserAgent,
    IReadOnlyDictionary<string, string> Details)
{
    public static AuditEventResponse From(AuditEvent e) =>
        new(e.Id, e.Time, e.Type, e.Actor, e.TokenId.Value, e.TokenName, e.SourceIp, e.UserAgent, e.Details);
}
