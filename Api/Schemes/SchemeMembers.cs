using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Grains.Interfaces.Schemes;
using static Tempo.Api.Schemes.SchemesJson;
using static Tempo.Api.Schemes.SchemesRequests;

namespace Tempo.Api.Schemes;

/// <summary>
/// The member operations workload and holiday schemes share (search, a scheme's page of members, moving users in).
/// Each namespace maps them under its own paths and operation ids, with a handler that names its kind.
/// </summary>
internal static class SchemeMembers
{
    public static async Task<Results<Ok<SearchResults<MemberResultJson>>, BadRequest<ErrorBody>>> SearchAsync(
        SchemeKind kind, MemberSearchBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var schemeIds, out var page, out var invalid))
        {
            return invalid;
        }

        return TypedResults.Ok(SearchEnvelope(request, page, await grains.Schemes().SearchMembersAsync(kind, schemeIds, page)));
    }

    public static async Task<Results<Ok<PagedResults<UserJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>>> PageAsync(
        SchemeKind kind, string schemeId, string notFound, int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(schemeId, out var id))
        {
            return TempoResults.NotFound(notFound);
        }

        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var members = await grains.Schemes().GetMembersAsync(kind, id, page);
        return members.IsOk
            ? TypedResults.Ok(Paging.Envelope(request, page, members.Value!, a => User(request, a)))
            : TempoResults.NotFound(members.Error!);
    }

    public static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> AssignAsync(
        SchemeKind kind, string schemeId, string notFound, MembersBody? body, TenantGrains grains)
    {
        if (!RouteIds.TryInt(schemeId, out var id))
        {
            return TempoResults.NotFound(notFound);
        }

        if (!TryRead(body, out var accountIds, out var invalid))
        {
            return invalid;
        }

        return GrainResults.NoContent(await grains.Schemes().AssignMembersAsync(kind, id, accountIds));
    }
}
