using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>
/// "A bulk create for this issue is running": held in memory only (losing it with the activation merely lets the
/// next bulk in), and expiring after <see cref="Expiry"/> so a holder that died can't block the issue for good.
/// </summary>
[GrainType("worklog-bulk-lock")]
public sealed class WorklogBulkLockGrain(TimeProvider time) : Grain, IWorklogBulkLockGrain
{
    internal static readonly TimeSpan Expiry = TimeSpan.FromMinutes(5);

    private Guid? _holder;
    private DateTimeOffset _expiresAt;

    public Task<bool> TryAcquireAsync(Guid lease)
    {
        var now = time.GetUtcNow();
        if (_holder is { } holder && holder != lease && now < _expiresAt)
        {
            return Task.FromResult(false);
        }

        _holder = lease;
        _expiresAt = now + Expiry;
        return Task.FromResult(true);
    }

    public Task ReleaseAsync(Guid lease)
    {
        if (_holder == lease)
        {
            _holder = null;
        }

        return Task.CompletedTask;
    }
}
