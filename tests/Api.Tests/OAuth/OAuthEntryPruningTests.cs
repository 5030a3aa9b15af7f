using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Interfaces.OAuth;
using Tempo.Grains.OAuth;

namespace Tempo.Api.Tests.OAuth;

/// <summary>
/// Every refresh adds a code or refresh-token entry to its authorization; entries past their expiry (and a day's
/// grace for reuse detection) are pruned, with their reference pointers, so an authorization refreshed for years
/// stays small. Its own host: the test moves the clock by days.
/// </summary>
public sealed class OAuthEntryPruningTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Entries_past_their_expiry_and_grace_are_pruned_with_their_pointers_when_the_next_entry_is_saved()
    {
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var tenant = new TenantId(TempoClient.NewTenant());
        var id = Guid.NewGuid().ToString("N");
        var authorization = grains.GetGrain<IOAuthAuthorizationGrain>(OAuthGrainKeys.Authorization(tenant, id));
        var now = factory.Time.GetUtcNow();
        await authorization.SaveAsync(new OAuthAuthorization(id, null, "pruning-user", ["worklogs:view"], "valid", "permanent", now));

        var rotated = Entry("rotated", "redeemed", now, now.AddHours(1), "ref-rotated-" + id);
        var live = Entry("live", "valid", now, now.AddDays(90), "ref-live-" + id);
        await authorization.SaveTokenAsync(rotated, 0);
        await authorization.SaveTokenAsync(live, 0);
        await Pointer(rotated).SetAsync(rotated.Id);
        await Pointer(live).SetAsync(live.Id);

        // Expired, but still inside the grace in which a reuse is recognised: kept.
        factory.Time.Advance(TimeSpan.FromHours(2));
        await authorization.SaveTokenAsync(Entry("second", "valid", now, now.AddDays(90), null), 0);
        Assert.Contains(await authorization.TokensAsync(), t => t.Id == rotated.Id);

        factory.Time.Advance(OAuthAuthorizationGrain.KeepAfterExpiry);
        await authorization.SaveTokenAsync(Entry("third", "valid", now, now.AddDays(90), null), 0);

        Assert.Equal(["live", "second", "third"], (await authorization.TokensAsync()).Select(t => t.Id).Order());
        Assert.Null(await Pointer(rotated).GetAsync());
        Assert.Equal(live.Id, await Pointer(live).GetAsync());

        IOAuthReferenceGrain Pointer(OAuthTokenEntry entry) => grains.GetGrain<IOAuthReferenceGrain>(OAuthGrainKeys.Reference(entry.ReferenceId!));
    }

    private static OAuthTokenEntry Entry(string id, string status, DateTimeOffset created, DateTimeOffset expires, string? reference) =>
        new(id, null, "pruning-user", "refresh_token", status, created, expires, null, null, reference, 0);
}
