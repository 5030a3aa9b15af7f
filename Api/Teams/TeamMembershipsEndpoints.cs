using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Teams;
using static Tempo.Api.Teams.TeamsJson;

namespace Tempo.Api.Teams;

/// <summary>
/// <c>/4/team-memberships</c>: who is in which team, in which role, with what commitment, from when to when.
/// On input <c>to</c> is exclusive (the day after the last day) unless <c>useInclusiveEndDate</c> is true; on output
/// <c>to</c> is exclusive and <c>inclusiveTo</c> the last day.
/// </summary>
public static class TeamMembershipsEndpoints
{
    public sealed record MembershipBody(
        string? AccountId, int? TeamId, int? RoleId, int? CommitmentPercent, string? From, string? To, bool? UseInclusiveEndDate);

    public sealed record MembershipUpdateBody(int? RoleId, int? CommitmentPercent, string? From, string? To, bool? UseInclusiveEndDate);

    public sealed record MembershipSearchBody(int[]? TeamIds, string[]? AccountIds, int[]? RoleIds);

    public static IEndpointRouteBuilder MapTeamMembershipsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/team-memberships").RequireTokenScope(TeamsScope.Scope).WithTags("Team Memberships");
        group.MapPost("/", Create).WithName("createMembership").WithSummary("Adds a person to a team for a span of days");
        group.MapPost("/search", Search).WithName("searchMemberships").WithSummary("Memberships at any time by teams, people and roles, paged");
        group.MapGet("/team/{teamId}", ByTeam).WithName("getAllMemberships").WithSummary("Every membership of a team, past, current and future");
        group.MapGet("/{id}", Get).WithName("getMembership").WithSummary("One membership");
        group.MapPut("/{id}", Update).WithName("updateMembership").WithSummary("Replaces a membership's role, commitment and span");
        group.MapDelete("/{id}", Delete).WithName("deleteMembership").WithSummary("Deletes a membership");
        return app;
    }

    private static async Task<Results<Ok<MembershipJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        MembershipBody? body, HttpRequest request, TenantGrains grains)
    {
        var validation = new Validation();
        var accountId = validation.RequiredAccountId(body?.AccountId, "accountId");
        var teamId = validation.RequiredId(body?.TeamId, "teamId");
        var terms = validation.Terms(body?.RoleId, body?.CommitmentPercent, body?.From, body?.To, body?.UseInclusiveEndDate);
        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var result = await grains.Teams().CreateMembershipAsync(new MembershipInput(teamId, accountId, terms));
        return GrainResults.Ok(result, m => Membership(request, m));
    }

    private static async Task<Results<Ok<PagedResults<MembershipJson>>, BadRequest<ErrorBody>>> Search(
        MembershipSearchBody? body, int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var search = new MembershipSearch([.. body?.TeamIds ?? []], [.. body?.AccountIds ?? []], [.. body?.RoleIds ?? []]);
        var memberships = await grains.Teams().SearchMembershipsAsync(search, page);
        return TypedResults.Ok(Paging.Envelope(request, page, memberships, m => Membership(request, m)));
    }

    private static async Task<Results<Ok<ListResults<MembershipJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> ByTeam(
        string teamId, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(teamId, out var id))
        {
            return TempoResults.NotFound($"Team '{teamId}' not found");
        }

        var memberships = await grains.Teams().GetTeamMembershipsAsync(id);
        return GrainResults.Ok(memberships, all => ListResults<MembershipJson>.Of(request, [.. all.Select(m => Membership(request, m))]));
    }

    private static async Task<Results<Ok<MembershipJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(string id, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(id, out var membershipId) && await grains.Teams().GetMembershipAsync(membershipId) is { } membership
            ? TypedResults.Ok(Membership(request, membership))
            : NotFound(id);

    private static async Task<Results<Ok<MembershipJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string id, MembershipUpdateBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(id, out var membershipId))
        {
            return NotFound(id);
        }

        var validation = new Validation();
        var terms = validation.Terms(body?.RoleId, body?.CommitmentPercent, body?.From, body?.To, body?.UseInclusiveEndDate);
        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        return GrainResults.Ok(await grains.Teams().UpdateMembershipAsync(membershipId, terms), m => Membership(request, m));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(string id, TenantGrains grains) =>
        RouteIds.TryInt(id, out var membershipId)
            ? GrainResults.NoContent(await grains.Teams().DeleteMembershipAsync(membershipId))
            : NotFound(id);

    private static NotFound<ErrorBody> NotFound(string id) => TempoResults.NotFound($"Membership '{id}' not found");
}
