using System.Collections.Concurrent;

namespace Tempo.Cluster.Tests.Infrastructure;

/// <summary>
/// A steady stream of authorized reads and writes against the API processes, bounded in count and time. Every
/// write that was acknowledged (200) is remembered, so a test can check afterwards that each one is still there.
/// </summary>
public sealed class LoadGenerator(IReadOnlyList<HttpClient> clients, string prefix)
{
    private readonly ConcurrentQueue<(DateTime At, string What)> _failures = new();
    private readonly ConcurrentBag<string> _acknowledged = new();
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public IReadOnlyCollection<string> AcknowledgedKeys => _acknowledged;

    public IReadOnlyList<(DateTime At, string What)> Failures => [.. _failures];

    /// <summary>Runs <paramref name="workers"/> loops until <paramref name="stop"/> fires or <paramref name="maxRequests"/> are sent.</summary>
    public async Task RunAsync(int workers, CancellationToken stop, int maxRequests = 200_000)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref next) <= maxRequests)
            {
                var n = Interlocked.Increment(ref _requests);
                var client = clients[(int)(n % clients.Count)];
                var write = n % 4 == 0;
                var key = $"{prefix}-{worker}-{n}";
                try
                {
                    using var response = write
                        ? await client.PostAsJsonAsync("/4/customers", new { key, name = "load" })
                        : await client.GetAsync("/4/account-category-types");
                    if (response.IsSuccessStatusCode)
                    {
                        if (write)
                        {
                            _acknowledged.Add(key);
                        }
                    }
                    else
                    {
                        _failures.Enqueue((DateTime.UtcNow, $"{(int)response.StatusCode} {(write ? "write" : "read")}"));
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    _failures.Enqueue((DateTime.UtcNow, exception.GetType().Name));
                }
            }
        }));
    }

    public void ClearFailures() => _failures.Clear();
}
