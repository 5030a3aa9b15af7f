using System.Collections.Concurrent;
using Orleans;

namespace Tempo.Api.Tests.Infrastructure;

/// <summary>Counts grain calls by interface, so a test can prove that something made none.</summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public int CallsTo<TGrainInterface>() => _calls.GetValueOrDefault(typeof(TGrainInterface).FullName!);

    /// <summary>Calls to one method of the interface (not counting, say, a background usage flush to the same grain).</summary>
    public int CallsTo<TGrainInterface>(string method) => _calls.GetValueOrDefault(typeof(TGrainInterface).FullName! + "." + method);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        _calls.AddOrUpdate(context.InterfaceMethod.DeclaringType!.FullName!, 1, (_, n) => n + 1);
        _calls.AddOrUpdate(context.InterfaceMethod.DeclaringType!.FullName! + "." + context.InterfaceMethod.Name, 1, (_, n) => n + 1);
        return context.Invoke();
    }
}
