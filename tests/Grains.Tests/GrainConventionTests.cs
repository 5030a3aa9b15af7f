using System.Reflection;
using Orleans.Runtime;
using Tempo.Grains.Tokens;

namespace Tempo.Grains.Tests;

public sealed class GrainConventionTests
{
    private static readonly Type[] GrainClasses = [.. typeof(TokenGrain).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t))];

    [Fact]
    public void Every_persistent_state_name_is_unique_across_the_solution()
    {
        // The ADO.NET provider keys rows by state name and grain key, not by grain type: two grains sharing a
        // state name and a key would read and overwrite each other's row.
        var names = GrainClasses
            .SelectMany(t => t.GetConstructors().SelectMany(c => c.GetParameters()))
            .Select(p => p.GetCustomAttribute<PersistentStateAttribute>())
            .OfType<PersistentStateAttribute>()
            .Select(a => a.StateName)
            .ToArray();

        Assert.NotEmpty(names);
        var duplicates = names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(duplicates.Length == 0, $"state names used twice: {string.Join(", ", duplicates)}");
    }

    [Fact]
    public void Every_grain_class_is_sealed_and_names_its_grain_type()
    {
        Assert.All(GrainClasses, t =>
        {
            Assert.True(t.IsSealed, $"{t.Name} should be sealed");
            Assert.True(t.GetCustomAttribute<GrainTypeAttribute>() is not null, $"{t.Name} should carry [GrainType]");
        });
    }
}
