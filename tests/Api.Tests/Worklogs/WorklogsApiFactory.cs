using System.Collections.Immutable;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Worklogs;

namespace Tempo.Api.Tests.Worklogs;

/// <summary>
/// The service with the worklog seams a test can drive: issues belong to project issue / 100, periods an author has
/// closed answer 403, and barriers or crashes can be put between the steps of a write.
/// </summary>
public sealed class WorklogsApiFactory : TempoApiFactory
{
    public WorklogStepScript Steps { get; } = new();

    /// <summary>(author, day) pairs whose period is closed.</summary>
    public ConcurrentDictionary<(string Author, DateOnly Day), bool> ClosedPeriods { get; } = new();

    public static long ProjectOf(long issueId) => issueId / 100;

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<IWorklogWriteFaults>(Steps);
        services.AddSingleton<IJiraIssueProjects>(new ProjectPerHundredIssues());
        services.AddSingleton<IPeriodClosureCheck>(new ClosedPeriodsCheck(ClosedPeriods));
    }

    private sealed class ProjectPerHundredIssues : IJiraIssueProjects
    {
        public ValueTask<long?> ProjectOfAsync(long issueId) => ValueTask.FromResult<long?>(ProjectOf(issueId));
    }

    private sealed class ClosedPeriodsCheck(ConcurrentDictionary<(string, DateOnly), bool> closed) : IPeriodClosureCheck
    {
        public ValueTask<bool> IsClosedAsync(TenantId tenant, string authorAccountId, DateOnly day) => ValueTask.FromResult(closed.ContainsKey((authorAccountId, day)));
    }
}

/// <summary>What a test puts between the steps of worklog writes: a barrier to hold a write, or a crash.</summary>
public sealed class WorklogStepScript : IWorklogWriteFaults
{
    private readonly List<(WorklogWriteStep Step, Func<Worklog, bool> Matches, Func<Task> Action)> _rules = [];

    public async ValueTask OnStepAsync(WorklogWriteStep step, ImmutableArray<Worklog> worklogs)
    {
        Func<Task>[] actions;
        lock (_rules)
        {
            actions = [.. _rules.Where(r => r.Step == step && worklogs.Any(r.Matches)).Select(r => r.Action)];
        }

        foreach (var action in actions)
        {
            await action();
        }
    }

    /// <summary>Holds matching writes at <paramref name="step"/>: <c>Reached</c> completes when one arrives, <c>Release</c> lets it go on.</summary>
    public Barrier HoldAt(WorklogWriteStep step, Func<Worklog, bool> matches)
    {
        var barrier = new Barrier();
        Add(step, matches, async () =>
        {
            barrier.Reached.TrySetResult();
            await barrier.Released.Task;
        });
        return barrier;
    }

    public void CrashAt(WorklogWriteStep step, Func<Worklog, bool> matches) =>
        Add(step, matches, () => throw new InvalidOperationException($"simulated crash after {step}"));

    public void Clear(Func<Worklog, bool> matches)
    {
        lock (_rules)
        {
            _rules.RemoveAll(r => r.Matches == matches);
        }
    }

    private void Add(WorklogWriteStep step, Func<Worklog, bool> matches, Func<Task> action)
    {
        lock (_rules)
        {
            _rules.Add((step, matches, action));
        }
    }

    public sealed class Barrier
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Released.TrySetResult();
    }
}
