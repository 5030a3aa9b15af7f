using Orleans.Concurrency;
using Tempo.Grains.Interfaces.Paging;

namespace Tempo.Grains.Interfaces.Plans;

/// <summary>
/// A tenant's generic resources ("Backend developer (to hire)") and the teams they are in (key
/// <see cref="GenericResourceKeys.For"/>). Tens to hundreds a tenant, so one grain holds them all.
/// </summary>
[Alias("tempo.IGenericResourcesGrain")]
public interface IGenericResourcesGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<GrainResult<GenericResource>> CreateAsync(string name, string actorId);

    [Alias("Update")] Task<GrainResult<GenericResource>> UpdateAsync(int id, string name, string actorId);

    [ReadOnly, Alias("Get")] Task<GenericResource?> GetAsync(int id);

    /// <summary>Deletes the resource and its team memberships; Invalid while any plan is assigned to it.</summary>
    [Alias("Delete")] Task<GrainResult<bool>> DeleteAsync(int id);

    /// <summary>Resources with one of <paramref name="ids"/> (if any) whose name contains <paramref name="query"/> (if any), by id.</summary>
    [ReadOnly, Alias("Search")] Task<Page<GenericResource>> SearchAsync(ImmutableArray<int> ids, string? query, PageRequest page);

    /// <summary>Adds the resource to the team: NotFound for an unknown team, Invalid for an unknown resource or one already in it.</summary>
    [Alias("AddToTeam")] Task<GrainResult<GenericTeamMember>> AddToTeamAsync(int teamId, int resourceId, string actorId);

    [ReadOnly, Alias("TeamMembers")] Task<GrainResult<ImmutableArray<GenericTeamMember>>> GetTeamMembersAsync(int teamId);

    [ReadOnly, Alias("TeamMember")] Task<GrainResult<GenericTeamMember>> GetTeamMemberAsync(int teamId, int resourceId);

    [Alias("RemoveFromTeam")] Task<GrainResult<bool>> RemoveFromTeamAsync(int teamId, int resourceId);
}

[GenerateSerializer, Immutable, Alias("tempo.GenericResource")]
public sealed record GenericResource(
    [property: Id(0)] int Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string CreatedBy,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string UpdatedBy,
    [property: Id(5)] DateTimeOffset UpdatedAt);

/// <summary>A generic resource in a team; <see cref="Name"/> is the resource's current name, filled on read.</summary>
[GenerateSerializer, Immutable, Alias("tempo.GenericTeamMember")]
public sealed record GenericTeamMember(
    [property: Id(0)] int TeamId,
    [property: Id(1)] int ResourceId,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset AssignedAt,
    [property: Id(4)] string AssignedBy);

public static class GenericResourceKeys
{
    public const string Kind = "genres";

    public const int MaxNameLength = 255;

    public static string For(TenantId tenant) => tenant.Key(Kind);

    public static IGenericResourcesGrain GetGenericResourcesGrain(this IGrainFactory grains, TenantId tenant) =>
        grains.Reference<IGenericResourcesGrain>(For(tenant));
}
