using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Tempo.Bench.Gate;

/// <summary>
/// What the garbage collector of another process did, and when: an EventPipe session on that process with the
/// runtime's GC keyword at the informational level (a handful of events a collection, no stacks, no allocation
/// sampling), read as it streams. The writes benchmark asks it, for each wrk run's span of wall time, how many
/// collections of each generation started in it, how long the runtime held the process suspended for them, and how
/// much they promoted: where a round's CPU went besides the requests (issue 18: "report where the time went").
/// </summary>
public sealed class GcWatch : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly Task _reader;
    private readonly Lock _gate = new();
    private readonly List<Collection> _collections = [];
    private readonly List<Suspension> _suspensions = [];
    private DateTime _latest = DateTime.MinValue;

    private GcWatch(EventPipeSession session)
    {
        _session = session;
        _reader = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
    }

    /// <summary>A collection: when it started, its generation, whether it ran in the background, what it promoted.</summary>
    private sealed record Collection(DateTime StartUtc, int Generation, bool Background)
    {
        public double PromotedFromGen0Mb { get; set; }

        public double PromotedFromGen1Mb { get; set; }
    }

    private sealed record Suspension(DateTime StartUtc, double Milliseconds);

    /// <summary>One span's figures (<see cref="BetweenAsync"/>).</summary>
    public sealed record Span(int Gen0, int Gen1, int Gen2Background, int Gen2Blocking, double SuspendedMs, double LongestMs, double PromotedFromGen0Mb, double PromotedFromGen1Mb);

    public static GcWatch Start(int pid)
    {
        var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC);
        return new GcWatch(new DiagnosticsClient(pid).StartEventPipeSession(provider, requestRundown: false, circularBufferMB: 64));
    }

    /// <summary>
    /// What started between the two instants. Events reach this process a little after they happen: it first waits,
    /// up to 5 s, for an event of the process at or after <paramref name="toUtc"/> (a loaded process collects many times
    /// a second; an idle one may not, and then the wait runs out).
    /// </summary>
    public async Task<Span> BetweenAsync(DateTime fromUtc, DateTime toUtc)
    {
        for (var waited = 0; waited < 50 && Latest < toUtc; waited++)
        {
            await Task.Delay(100);
        }

        lock (_gate)
        {
            var collections = _collections.Where(c => c.StartUtc >= fromUtc && c.StartUtc < toUtc).ToList();
            var suspensions = _suspensions.Where(s => s.StartUtc >= fromUtc && s.StartUtc < toUtc).ToList();
            return new Span(
                collections.Count(c => c.Generation == 0),
                collections.Count(c => c.Generation == 1),
                collections.Count(c => c.Generation == 2 && c.Background),
                collections.Count(c => c.Generation == 2 && !c.Background),
                suspensions.Sum(s => s.Milliseconds),
                suspensions.Count > 0 ? suspensions.Max(s => s.Milliseconds) : 0,
                collections.Sum(c => c.PromotedFromGen0Mb),
                collections.Sum(c => c.PromotedFromGen1Mb));
        }
    }

    private DateTime Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    private void Read()
    {
        using var source = new EventPipeEventSource(_session.EventStream);
        // A collection's heap statistics follow its end event. Matched by the collection's number, not by the latest
        // start: gen0 and gen1 collections start and end while a background gen2 runs.
        var running = new Dictionary<int, Collection>();
        Collection? ended = null;
        DateTime? suspendedAt = null;
        source.Clr.GCStart += e =>
        {
            var collection = new Collection(e.TimeStamp.ToUniversalTime(), e.Depth, e.Type == GCType.BackgroundGC);
            running[e.Count] = collection;
            lock (_gate)
            {
                _collections.Add(collection);
                _latest = collection.StartUtc;
            }
        };
        source.Clr.GCStop += e => ended = running.Remove(e.Count, out var collection) ? collection : null;
        source.Clr.GCHeapStats += e =>
        {
            if (ended is { } collection)
            {
                lock (_gate)
                {
                    collection.PromotedFromGen0Mb = e.TotalPromotedSize0 / 1e6;
                    collection.PromotedFromGen1Mb = collection.Generation >= 1 ? e.TotalPromotedSize1 / 1e6 : 0;
                }

                ended = null;
            }
        };
        source.Clr.GCSuspendEEStart += e => suspendedAt = e.TimeStamp.ToUniversalTime();
        source.Clr.GCRestartEEStop += e =>
        {
            if (suspendedAt is { } at)
            {
                var ended = e.TimeStamp.ToUniversalTime();
                lock (_gate)
                {
                    _suspensions.Add(new Suspension(at, (ended - at).TotalMilliseconds));
                    _latest = ended;
                }

                suspendedAt = null;
            }
        };
        try
        {
            source.Process();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ObjectDisposedException)
        {
            // The process ended or the session was stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _session.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException)
        {
            // The process has ended: its session with it.
        }

        await _reader.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _session.Dispose();
    }

    /// <summary>A markdown row's cells for a span of <paramref name="seconds"/> seconds.</summary>
    public static string Cells(Span span, double seconds) => string.Create(CultureInfo.InvariantCulture,
        $"{span.Gen0} | {span.Gen1} | {span.Gen2Background} / {span.Gen2Blocking} | {span.SuspendedMs:N0} ({100 * span.SuspendedMs / (seconds * 1000):N1} %) | {span.LongestMs:N0} | {span.PromotedFromGen0Mb:N0} / {span.PromotedFromGen1Mb:N0}");
}
