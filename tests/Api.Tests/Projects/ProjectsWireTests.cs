using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Interfaces.Projects;

namespace Tempo.Api.Tests.Projects;

/// <summary>
/// What crosses silos and what is stored survives the trip exactly. In one process immutable arguments are passed by
/// reference, so the scenario tests never serialize them; a cluster does.
/// </summary>
public sealed class ProjectsWireTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    private static readonly Project Sample = new(
        Guid.NewGuid(), "Apollo", ProjectVocabulary.MonetaryBased, "ON_HOLD", ProjectVocabulary.Restricted, "557058:owner",
        ["557058:old"], "EUR", 0.1m + 0.2m, 9007199254740990.99m, true, false, true, false, ["moon"],
        new ProjectScopeSource("FILTER", "10200"), new AutoSyncSchedule(ProjectVocabulary.Weekly, -5),
        ImmutableDictionary<Guid, string>.Empty.Add(Guid.NewGuid(), "42"));

    [Fact]
    public void Grain_call_arguments_and_answers_round_trip_through_the_orleans_serializer()
    {
        var serializer = factory.Services.GetRequiredService<Serializer>();
        T RoundTrip<T>(T value) => serializer.Deserialize<T>(serializer.SerializeToArray(value))!;

        var changes = new ProjectChanges(null, "IN_PROGRESS", ["a", "b"], null, true);
        var unchanged = new ProjectChanges("n", null, null, false, null);
        var options = new ProjectAttributeChanges("Tier", [new SelectListOptionChange(Guid.NewGuid(), "Gold"), new SelectListOptionChange(null, "New")]);
        var view = new ProjectView(Sample, [new ProjectAttributeValue(Guid.NewGuid(), "SELECT_LIST", "x", new SelectListOption(Guid.NewGuid(), "Gold"))], DateTimeOffset.UnixEpoch);

        Assert.Equal(["a", "b"], RoundTrip(changes).Tags!.Value.ToArray());
        Assert.Equal(changes with { Tags = null }, RoundTrip(changes) with { Tags = null });
        Assert.Equal(unchanged, RoundTrip(unchanged));
        Assert.Equal(options.Options.ToArray(), RoundTrip(options).Options.ToArray());
        Assert.Equal(0.3m, RoundTrip(view).Project.DefaultCostRate);
        Assert.Equal(view.AttributeValues.ToArray(), RoundTrip(view).AttributeValues.ToArray());
    }

    [Fact]
    public void A_stored_project_reads_back_exactly_through_system_text_json()
    {
        var json = JsonSerializer.Serialize(Sample);
        var read = JsonSerializer.Deserialize<Project>(json)!;

        Assert.Contains("\"DefaultCostRate\":0.3,", json);
        Assert.Equal(9007199254740990.99m, read.DefaultBillingRate);
        Assert.Equal(Sample.AttributeValues.ToArray(), read.AttributeValues.ToArray());
        Assert.Equal(Sample.Collaborators.ToArray(), read.Collaborators.ToArray());
        Assert.Equal(Sample.AutoSync, read.AutoSync);
        Assert.Equal(Sample.Scope, read.Scope);
    }
}
