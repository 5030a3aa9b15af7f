using System.Runtime.CompilerServices;
using Orleans.Runtime;

namespace Tempo.Grains.Interfaces;

/// <summary>
/// Grain references without Orleans' per-call type resolution. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> works out
/// the interface's Orleans type from its CLR type on every call (its attributes by reflection, then its formatted
/// name; Orleans 10.4 caches neither): 1.6 µs and 1.4 KB a call in <c>bench/Gate.Micro</c>, and 9.5 % of the API
/// process's CPU during worklog creates, which take a reference per partition they write (`perf`, bench/README.md
/// "Session 6"). <see cref="Reference{TGrain}"/> takes the grain type and interface type from the first reference a
/// factory makes for <typeparamref name="TGrain"/>, and builds later ones from the id, which is what
/// <c>GetGrain</c> builds them from after resolving. The project's code takes every grain reference here (a test
/// walks the sources for <c>GetGrain&lt;</c>).
/// </summary>
public static class GrainReferences
{
    public static TGrain Reference<TGrain>(this IGrainFactory grains, string key)
        where TGrain : IGrainWithStringKey
    {
        if (Resolved<TGrain>.PerFactory.TryGetValue(grains, out var types))
        {
            return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        }

        var grain = grains.GetGrain<TGrain>(key);

        // A client that has not received the cluster's manifest yet answers a placeholder type (sys.*): not kept.
        if (grain is GrainReference reference && !reference.GrainId.Type.ToString()!.StartsWith(GrainTypePrefix.SystemPrefix, StringComparison.Ordinal))
        {
            Resolved<TGrain>.PerFactory.AddOrUpdate(grains, new Types(reference.GrainId.Type, reference.InterfaceType));
        }

        return grain;
    }

    private sealed record Types(GrainType Grain, GrainInterfaceType Interface);

    /// <summary>Per factory, because each silo or client in a process (the test clusters) has its own manifest.</summary>
    private static class Resolved<TGrain>
    {
        public static readonly ConditionalWeakTable<IGrainFactory, Types> PerFactory = [];
    }
}
