using System.Security.Cryptography;
using System.Text;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Interfaces.Notifications;

namespace Tempo.Api.Tests.Tokens;

/// <summary>Expiry reminders and leak reports, delivered to a real receiver on loopback. Moves the class's fake clock.</summary>
public sealed class TokenNotificationTests(TokenPolicyFactory factory) : IClassFixture<TokenPolicyFactory>
{
    private const string Secret = "a-signing-secret-of-some-length";

    private string _lastAdmin = string.Empty;

    private async Task<(HttpClient Admin, string Tenant)> TenantWithWebhookAsync(WebhookReceiver receiver)
    {
        var tenant = TempoClient.NewTenant();
        _lastAdmin = TempoClient.NewAccountId();
        var admin = await factory.SignedInAsync(_lastAdmin, tenant, admin: true);
        var saved = await admin.PutJsonAsync("/settings/notifications", new { url = receiver.Url, secret = Secret });
        Assert.Equal("""{"url":"REPLACED","hasSecret":true}""".Replace("REPLACED", receiver.Url), saved.ToJsonString());
        return (admin, tenant);
    }

    [Fact]
    public async Task Only_tenant_admins_set_the_webhook_and_the_secret_is_never_shown()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (admin, tenant) = await TenantWithWebhookAsync(receiver);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);

        var shown = await admin.GetStringAsync("/settings/notifications");
        Assert.DoesNotContain(Secret, shown);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/settings/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PutAsJsonAsync("/settings/notifications", new { url = receiver.Url, secret = Secret })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/settings/notifications", new { url = "ftp://x", secret = Secret })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/settings/notifications", new { url = receiver.Url, secret = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/settings/notifications", new { url = receiver.Url, secret = Secret, extra = 1 })).StatusCode);
    }

    [Fact]
    public async Task A_tenant_admin_never_sees_another_tenants_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await TenantWithWebhookAsync(receiver);
        var otherAdmin = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant(), admin: true);

        Assert.Equal("""{"url":null,"hasSecret":false}""", (await otherAdmin.GetJsonAsync("/settings/notifications")).ToJsonString());
    }

    [Fact]
    public async Task Each_expiry_reminder_is_delivered_once_signed_also_across_reactivation_and_expiry_is_audited()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (admin, tenant) = await TenantWithWebhookAsync(receiver);
        var token = await admin.CreateTokenAsync(new { type = "FULL" }, "expiring", expiresInDays: 10);
        var grain = factory.Token(token.Id());

        await grain.CheckExpiryAsync();
        Assert.Empty(await receiver.WaitForAsync(0));

        factory.Time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await grain.CheckExpiryAsync();
        await grain.CheckExpiryAsync();
        var afterSeven = await receiver.WaitForAsync(1);
        await factory.DeactivateAllAsync();
        await grain.CheckExpiryAsync();

        factory.Time.Advance(TimeSpan.FromDays(6));
        await grain.CheckExpiryAsync();
        await receiver.WaitForAsync(2);

        factory.Time.Advance(TimeSpan.FromDays(1));
        await grain.CheckExpiryAsync();
        await factory.DeactivateAllAsync();
        await grain.CheckExpiryAsync();
        var all = await receiver.WaitForAsync(3);

        Assert.Single(afterSeven);
        Assert.Equal([$"{token.Id()}-expiry-7d", $"{token.Id()}-expiry-1d", $"{token.Id()}-expiry-expired"], all.Select(r => r.Id));
        Assert.Equal(["token.expiry_warning", "token.expiry_warning", "token.expired"], all.Select(r => r.Type));
        Assert.All(all, r => Assert.Equal(WebhookReceiver.Sign(Secret, r.Body), r.Signature));
        Assert.Equal(token.Id(), all[0].Json["tokenId"]!.GetValue<string>());
        Assert.Equal("7d", all[0].Json["stage"]!.GetValue<string>());
        Assert.DoesNotContain("tempo_", Encoding.UTF8.GetString(all[0].Body));

        // The sign-in of ten days ago has expired on the fake clock: sign in again.
        admin = await factory.SignedInAsync(_lastAdmin, tenant, admin: true);
        var shown = await admin.GetJsonAsync($"/api-integration/tokens/{token.Id()}");
        Assert.Equal("""["7d","1d","expired"]""", shown["expiryRemindersSent"]!.ToJsonString());
        var types = (await admin.GetJsonAsync($"/api-integration/audit?tokenId={token.Id()}"))["results"]!.AsArray().Select(e => e!["type"]!.GetValue<string>());
        Assert.Equal(["token.expired", "token.created"], types);
    }

    [Fact]
    public async Task A_refused_delivery_is_retried_with_backoff_until_it_is_accepted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (admin, tenant) = await TenantWithWebhookAsync(receiver);
        var notifications = factory.Grains.GetGrain<INotificationsGrain>(NotificationGrainKeys.For(new TenantId(tenant)));
        receiver.RefuseNext(1);

        await notifications.EnqueueAsync(new WebhookMessage("retry-1", "test", """{"n":1}"""));
        Assert.Equal(0, await notifications.DeliverDueAsync() + (await receiver.WaitForAsync(0)).Length);
        var pendingBefore = await notifications.PendingAsync();
        factory.Time.Advance(TimeSpan.FromMinutes(2));
        await notifications.DeliverDueAsync();
        var received = await receiver.WaitForAsync(1);
        await notifications.EnqueueAsync(new WebhookMessage("retry-1", "test", """{"n":1}"""));
        await notifications.DeliverDueAsync();

        Assert.Equal(1, pendingBefore);
        Assert.Single(received);
        Assert.Equal(0, await notifications.PendingAsync());
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_signed_leak_report_revokes_our_tokens_at_once_audits_it_calls_the_webhook_and_labels_each_token()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (admin, _) = await TenantWithWebhookAsync(receiver);
        var token = await admin.CreateFullTokenAsync("leaky");
        var api = factory.WithApiToken(token.Secret());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/4/accounts")).StatusCode);
        var forged = token.Secret()[..^11] + "AAAAAAAAAAA";
        var body = JsonSerializer.Serialize(new[]
        {
            new { token = token.Secret(), type = "tempo_api_token", url = "https://github.com/x/y/blob/main/a.txt", source = "content" },
            new { token = "ghp_notours", type = "tempo_api_token", url = "https://example.com", source = "content" },
            new { token = forged, type = "tempo_api_token", url = "https://example.com", source = "content" },
        });

        var response = await ReportAsync(body, factory.ScanKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var labels = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(["true_positive", "false_positive", "false_positive"], labels.Select(l => l!["label"]!.GetValue<string>()));
        Assert.Equal(token.Secret(), labels[0]!["token_raw"]!.GetValue<string>());
        Assert.Equal("tempo_api_token", labels[0]!["token_type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/4/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api-integration/tokens/{token.Id()}")).StatusCode);

        var hook = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal("token.leak_reported", hook.Type);
        Assert.Equal("https://github.com/x/y/blob/main/a.txt", hook.Json["url"]!.GetValue<string>());
        var leak = (await admin.GetJsonAsync($"/api-integration/audit?tokenId={token.Id()}"))["results"]![0]!;
        Assert.Equal("token.leak_reported", leak["type"]!.GetValue<string>());
        Assert.Equal("true", leak["details"]!["revoked"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unsigned_or_wrongly_signed_leak_report_is_401_and_revokes_nothing()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant());
        var token = await user.CreateFullTokenAsync("safe");
        var body = JsonSerializer.Serialize(new[] { new { token = token.Secret(), type = "tempo_api_token", url = "u", source = "content" } });
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var unsigned = await factory.CreateClient().PostAsync("/secret-scanning/report", new StringContent(body, Encoding.UTF8, "application/json"));
        var wrongKey = await ReportAsync(body, otherKey);
        var tampered = await ReportAsync(body, factory.ScanKey, tamper: true);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.WithApiToken(token.Secret()).GetAsync("/4/accounts")).StatusCode);
    }

    private Task<HttpResponseMessage> ReportAsync(string body, ECDsa key, bool tamper = false)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = key.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var request = new HttpRequestMessage(HttpMethod.Post, "/secret-scanning/report")
        {
            Content = new ByteArrayContent(tamper ? Encoding.UTF8.GetBytes(body.Replace("content", "c0ntent")) : bytes),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("Github-Public-Key-Identifier", TokenPolicyFactory.ScanKeyId);
        request.Headers.Add("Github-Public-Key-Signature", Convert.ToBase64String(signature));
        return factory.CreateClient().SendAsync(request);
    }
}
