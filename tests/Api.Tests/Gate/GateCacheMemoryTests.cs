using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tempo.Api.Gate;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Tests.Gate;

/// <summary>The default capacity, 100,000 tokens, fits in well under 100 MB.</summary>
public sealed class GateCacheMemoryTests(TempoApiFactory factory, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task A_hundred_thousand_entries_take_under_a_hundred_megabytes()
    {
        const int Tokens = 100_000;
        var services = factory.Services;
        var cache = new TokenGateCache(
            services.GetRequiredService<IGrainFactory>(), factory.Time, new TokenGateCacheOptions(),
            services.GetRequiredService<TokenGateMetrics>(), NullLogger<TokenGateCache>.Instance);
        var grains = new EntryPerCall();
        var ids = Enumerable.Range(0, Tokens).Select(i => new TokenId(i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        foreach (var id in ids)
        {
            await cache.FillAsync(grains, id, TokenGateUse.None);
        }

        var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"{Tokens} entries: {bytes / 1024.0 / 1024.0:F1} MB, {bytes / Tokens} bytes each");
        Assert.Equal(Tokens, cache.Count);
        Assert.True(bytes < 100L * 1024 * 1024, $"{Tokens} entries took {bytes / 1024 / 1024} MB ({bytes / Tokens} bytes each)");
        GC.KeepAlive(ids);
    }

    /// <summary>A token grain stand-in that answers every lease with a fresh, realistic entry (full access, five earlier secrets).</summary>
    private sealed class EntryPerCall : ITokenGrain
    {
        private static readonly string[] Scopes = ScopeCatalogue.Seed.Scopes.Select(s => s.Key).ToArray();

        public Task<TokenGateEntry?> LeaseGateEntryAsync(ITokenGateHolder holder, TimeSpan lease, TokenGateUse use) =>
            Task.FromResult<TokenGateEntry?>(new TokenGateEntry(
                new TokenOwner(TenantId.Default, TempoClient.NewAccountId()),
                false,
                System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
                System.Security.Cryptography.RandomNumberGenerator.GetBytes(5 * 32),
                TempoApiFactory.Start.AddDays(30),
                new TokenAccess(AccessType.Full, Scopes.ToImmutableDictionary(s => new string(s.AsSpan()), _ => AccessLevel.Manage, StringComparer.Ordinal)),
                false));

        public Task<GrainResult<TokenInfo>> CreateAsync(NewToken token) => throw new NotSupportedException();

        public Task<TokenInfo?> GetAsync(TokenOwner caller) => throw new NotSupportedException();

        public Task<GrainResult<TokenInfo>> RenameAsync(TokenOwner caller, string? name) => throw new NotSupportedException();

        public Task<GrainResult<TokenInfo>> RegenerateAsync(TokenOwner caller, byte[] newSecretHash) => throw new NotSupportedException();

        public Task<GrainResult<bool>> DeleteAsync(TokenOwner caller) => throw new NotSupportedException();

        public ValueTask<AuthorizeAnswer> AuthorizeAsync(byte[] secretHash, string scope, AccessLevel required) => throw new NotSupportedException();

        public Task ReportUseAsync(TokenUseBatch batch) => throw new NotSupportedException();

        public Task<bool> ReportLeakAsync(byte[] secretHash, string? url, string? source) => throw new NotSupportedException();

        public Task CheckExpiryAsync() => throw new NotSupportedException();

        public Task FlushPendingAsync() => throw new NotSupportedException();

        public Task<TokenOrigin?> OriginAsync(byte[] secretHash) => throw new NotSupportedException();
    }
}
