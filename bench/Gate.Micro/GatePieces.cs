using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Tempo.Api.Gate;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Bench.Micro;

/// <summary>
/// <c>-- --pieces</c>: where a gated request's extra CPU goes on a cache hit (issue 17), piece by piece, in this
/// process: the token gate middleware and the token policy middleware driven with one reused
/// <see cref="DefaultHttpContext"/> (no Kestrel, no routing), a warm entry in a real <see cref="TokenGateCache"/>
/// filled from the in-memory silo, and the OpenTelemetry SDK listening to the gate's meter as the service's does.
/// Each line is the mean over batches of calls on one thread, best and median of several runs, and the bytes
/// allocated per call on this thread.
/// </summary>
public static class GatePieces
{
    private const int Runs = 7;

    public static async Task RunAsync(int calls)
    {
        await using var cluster = await TokenCluster.StartAsync();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(TokenGateMetrics.MeterName).Build();
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new TokenGateMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var time = TimeProvider.System;
        var cache = new TokenGateCache(cluster.Grains, time, new TokenGateCacheOptions(), metrics, NullLogger<TokenGateCache>.Instance);
        var uses = new TokenUseReporter(cluster.Grains, time, NullLogger<TokenUseReporter>.Instance);
        var policyOptions = new TokenPolicyOptions(new TokenRateLimit(10_000_000, 10_000_000), new TokenRateLimit(10_000_000, 10_000_000), 1);
        using var policy = new TokenPolicyMiddleware(_ => Task.CompletedTask, policyOptions, uses, time);
        var gateAlone = new TokenGateMiddleware(_ => Task.CompletedTask, cluster.Grains, cluster.Hasher, ScopeCatalogue.Seed, metrics, cache, uses, time,
            NullLogger<TokenGateMiddleware>.Instance, new TokenGateMode(false));
        var gateAndPolicy = new TokenGateMiddleware(policy.InvokeAsync, cluster.Grains, cluster.Hasher, ScopeCatalogue.Seed, metrics, cache, uses, time,
            NullLogger<TokenGateMiddleware>.Instance, new TokenGateMode(false));
        var ungated = new TokenGateMiddleware(policy.InvokeAsync, cluster.Grains, cluster.Hasher, ScopeCatalogue.Seed, metrics, cache, uses, time,
            NullLogger<TokenGateMiddleware>.Instance, new TokenGateMode(true));

        var context = NewContext(cluster.ValidToken);
        // Fills the cache (one lease from the grain) and proves the path allows.
        await gateAndPolicy.InvokeAsync(context);
        if (context.Features.Get<AuthenticatedToken>() is null || context.Response.StatusCode != 200)
        {
            throw new InvalidOperationException($"The gate did not allow the benchmark token: {context.Response.StatusCode}");
        }

        var slot = cache.TryGet(cluster.Id) ?? throw new InvalidOperationException("No cache entry after a fill.");
        var hash = cluster.ValidHash;
        var authenticated = slot.Authenticated;
        var now = DateTimeOffset.UtcNow;
        var token = cluster.ValidToken;
        var idSpan = token.AsSpan(Tempo.Api.Tokens.ApiTokenFormat.Prefix.Length, TokenId.Length).ToString();

        Console.WriteLine();
        Console.WriteLine($"## The gated path on a cache hit, piece by piece ({calls:N0} calls a run, best and median of {Runs} runs; one thread; OpenTelemetry SDK listening to {TokenGateMetrics.MeterName})");
        Console.WriteLine();
        Console.WriteLine("| piece | best ns/call | median ns/call | allocated/call |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Report("header: read Authorization, 'Bearer ' prefix, trim", calls, () =>
        {
            var header = context.Request.Headers.Authorization;
            return header.Count == 1 && header[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && value.AsSpan(7).Trim().Length > 0;
        });
        Report("ApiTokenFormat.TryParse (shape, CRC-32)", calls, () => Tempo.Api.Tokens.ApiTokenFormat.TryParse(token, out _));
        Report("keyed hash and tag: TokenSecretHasher.TryHash (HMAC-SHA256)", calls, () => cluster.Hasher.TryHash(token, out _));
        Report("cache lookup by the id's characters (LRU move to front)", calls, () => cache.TryGet(idSpan.AsSpan()) is not null);
        Report("verified token compare (constant time)", calls, () => slot.IsVerified(token));
        Report("TokenGateCheck.Check (fixed-time compare, expiry, access)", calls, () => TokenGateCheck.Check(slot.Entry, hash, "accounts", AccessLevel.View, now) == AuthorizeOutcome.Allowed);
        Report("clock: GetUtcNow + truncate to ms", calls, () => Tempo.Grains.Interfaces.Tokens.TokenRules.TruncateToMilliseconds(time.GetUtcNow()) > now);
        Report("metrics: cache hit + allowed{scope}", calls, () =>
        {
            metrics.CacheHit();
            metrics.Allowed("accounts");
            return true;
        });
        Report("cache.RecordUse (before its lease's half)", calls, () =>
        {
            RecordUse(cache, slot, now, cluster);
            return true;
        });
        Report("context.Features.Set(AuthenticatedToken)", calls, () =>
        {
            context.Features.Set(authenticated);
            return true;
        });
        Report("TokenUseReporter.Used (address, user agent)", calls, () =>
        {
            uses.Used(cluster.Id, IPAddress.Loopback, "wrk");
            return true;
        });
        using var limiter = PartitionedRateLimiter.Create<AuthenticatedToken, (TokenId, TokenRateLimit)>(t => RateLimitPartition.Get((t.Id, policyOptions.Default), key =>
            new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions { TokenLimit = key.Item2.Burst, TokensPerPeriod = key.Item2.PerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true })));
        Report("rate limiter: AttemptAcquire + GetStatistics (as the policy middleware)", calls, () =>
        {
            using var lease = limiter.AttemptAcquire(authenticated);
            return lease.IsAcquired && limiter.GetStatistics(authenticated) is not null;
        });
        Report("response headers: RateLimit-Policy and RateLimit (strings made once)", calls, () =>
        {
            context.Response.Headers["RateLimit-Policy"] = "\"token\";q=50;w=5";
            context.Response.Headers["RateLimit"] = "\"token\";r=49;t=1";
            return true;
        });
        Report("policy middleware alone (allowlist none, limiter, headers, use report)", calls, () => policy.InvokeAsync(context).IsCompletedSuccessfully);
        Report("gate middleware alone, hit (no policy)", calls, () => gateAlone.InvokeAsync(context).IsCompletedSuccessfully);
        Report("gate + policy middleware, hit (what a gated request adds...)", calls, () => gateAndPolicy.InvokeAsync(context).IsCompletedSuccessfully);
        Report("gate off (switch) + policy middleware (...over this)", calls, () => ungated.InvokeAsync(context).IsCompletedSuccessfully);
    }

    // Kept apart so that the piece reads like the gate's own call.
    private static void RecordUse(TokenGateCache cache, TokenGateCache.Slot slot, DateTimeOffset now, TokenCluster cluster) =>
        cache.RecordUse(slot, now, s_grainOf ??= GrainOf(cluster));

    private static Func<TokenId, ITokenGrain>? s_grainOf;

    private static Func<TokenId, ITokenGrain> GrainOf(TokenCluster cluster) => id => cluster.Grains.GetGrain<ITokenGrain>(id.GrainKey);

    private static DefaultHttpContext NewContext(string token)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/4/account-category-types";
        context.Request.Headers.Authorization = "Bearer " + token;
        context.Request.Headers.UserAgent = "wrk";
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new TokenScopeMetadata("accounts")), "bench"));
        return context;
    }

    private static void Report(string name, int calls, Func<bool> piece)
    {
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < TimeSpan.FromSeconds(1))
        {
            if (!piece())
            {
                throw new InvalidOperationException($"{name}: the piece did not succeed.");
            }
        }

        var perCall = new double[Runs];
        var allocated = 0.0;
        for (var run = 0; run < Runs; run++)
        {
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < calls; i++)
            {
                piece();
            }

            perCall[run] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls;
            allocated = (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)calls;
        }

        Array.Sort(perCall);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {perCall[0]:N0} | {perCall[Runs / 2]:N0} | {allocated:N0} B |"));
    }
}
