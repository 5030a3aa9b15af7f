using System.Security.Cryptography;
using Orleans.Runtime;
using Tempo.Api.Tests.Tokens;
using Tempo.Grains.Interfaces.Notifications;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Tests.Restarts;

/// <summary>Expiry reminders driven by real Orleans reminders, delivered to a real receiver on loopback, across a silo kill.</summary>
public sealed class ExpiryReminderRestartTests(ExpiryReminderRestartFixture fixture) : IClassFixture<ExpiryReminderRestartFixture>
{
    private const string Secret = "a-signing-secret-of-some-length";

    private static readonly TenantId Tenant = new("reminder-restarts");

    [Fact]
    public async Task Each_expiry_reminder_is_delivered_once_by_the_reminder_also_after_the_silo_hosting_the_token_is_killed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = await fixture.Grains.GetGrain<INotificationsGrain>(NotificationGrainKeys.For(Tenant)).SetAsync(receiver.Url, Secret);
        Assert.Equal(ResultStatus.Ok, settings.Status);
        var id = new TokenId(RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", TokenId.Length));
        var created = await fixture.Grains.GetGrain<IUserTokensGrain>(AccountId.UserTokensKey(Tenant, "acc-reminders"))
            .CreateAsync(id, new CreateTokenCommand("expiring", 10, null, "FULL", null, RandomNumberGenerator.GetBytes(32), CreatedByAdmin: false));
        Assert.True(created.Status == ResultStatus.Ok, $"create failed: {created.Status} {created.Error}");
        var token = fixture.Grains.GetGrain<ITokenGrain>(id.GrainKey);

        // Seven days before expiry on the fake clock: the next reminder tick (within a second of real time) sends it.
        fixture.Time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var beforeKill = await receiver.WaitForAsync(1);
        Assert.Equal([$"{id.Value}-expiry-7d"], beforeKill.Select(r => r.Id));

        // Hard-kill the silo that hosts the token grain; grain state and reminders outlive it, as in PostgreSQL.
        Assert.True(fixture.Cluster.TryGetGrainContext(token.GetGrainId(), out var context), "the token grain is not active anywhere");
        var host = fixture.Cluster.Silos.Single(s => s.SiloAddress == context.Address.SiloAddress);
        var survivor = fixture.Cluster.Silos.Single(s => s != host);
        var tickedOnSurvivor = fixture.Reminders.NextUpsertAsync(token.GetGrainId(), "expiry");
        await fixture.Cluster.KillSiloAsync(host);

        // The surviving silo takes the reminder over and ticks: nothing is due, and the 7-day reminder is not sent again.
        // The write awaited may be the killed silo's own last re-arm (a tick re-arms the reminder after sending, so it
        // can land after the webhook arrived and before the kill): then wait for the next one, which only the survivor
        // can make. Each wait is registered before the check, so the survivor's write cannot slip in between.
        await tickedOnSurvivor.WaitAsync(TimeSpan.FromSeconds(60));
        IGrainContext? moved;
        while (true)
        {
            var next = fixture.Reminders.NextUpsertAsync(token.GetGrainId(), "expiry");
            if (fixture.Cluster.TryGetGrainContext(token.GetGrainId(), out moved))
            {
                break;
            }

            await next.WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Equal(survivor.SiloAddress, moved.Address.SiloAddress);

        fixture.Time.Advance(TimeSpan.FromDays(6));
        var oneDay = await receiver.WaitForAsync(2);
        Assert.Equal([$"{id.Value}-expiry-7d", $"{id.Value}-expiry-1d"], oneDay.Select(r => r.Id));

        fixture.Time.Advance(TimeSpan.FromDays(1));
        var all = await receiver.WaitForAsync(3);
        await token.CheckExpiryAsync(); // queued behind the tick that sent it, and sends nothing more

        Assert.Equal([$"{id.Value}-expiry-7d", $"{id.Value}-expiry-1d", $"{id.Value}-expiry-expired"], all.Select(r => r.Id));
        Assert.Equal(["token.expiry_warning", "token.expiry_warning", "token.expired"], all.Select(r => r.Type));
        Assert.All(all, r => Assert.Equal(WebhookReceiver.Sign(Secret, r.Body), r.Signature));
        Assert.Equal(0, await fixture.Grains.GetGrain<INotificationsGrain>(NotificationGrainKeys.For(Tenant)).PendingAsync());
        Assert.Null(await fixture.Reminders.ReadRow(token.GetGrainId(), "expiry"));
        Assert.Equal(3, receiver.Received.Count);
    }
}
