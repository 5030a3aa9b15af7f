using System.Collections.Concurrent;
using Orleans;

namespace Tempo.Api.Tests.Infrastructure;

/// <summary>Counts grain calls by interface, so a test can prove that something made none.</summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public int CallsTo<TGrainInterface>() => _calls.GetValueOrDefault(typeof(TGrainInterface).FullName!);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        _calls.AddOrUpdate(context.InterfaceMethod.DeclaringType!.FullName!, 1, (_, n) => n + 1);
        return context.Invoke();
    }
}
