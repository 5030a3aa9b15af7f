using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Tempo.Api.Tests.Tokens;

/// <summary>A real HTTP server on loopback that records the webhooks it gets (and can refuse the first ones).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly SemaphoreSlim _arrivals = new(0);
    private int _refuseNext;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url => _app.Urls.First() + "/hook";

    public IReadOnlyCollection<Received> Received => _received;

    public void RefuseNext(int count) => _refuseNext = count;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            if (Interlocked.Decrement(ref receiver._refuseNext) >= 0)
            {
                return Results.StatusCode(500);
            }

            receiver._received.Enqueue(new Received(
                context.Request.Headers["Tempo-Webhook-Id"].ToString(),
                context.Request.Headers["Tempo-Webhook-Type"].ToString(),
                context.Request.Headers["Tempo-Signature"].ToString(),
                buffer.ToArray()));
            receiver._arrivals.Release();
            return Results.NoContent();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> webhooks arrived: each arrival releases the barrier.</summary>
    public async Task<Received[]> WaitForAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (_received.Count < count)
            {
                await _arrivals.WaitAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The caller's assertion on what arrived says what is missing.
        }

        return [.. _received];
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public static string Sign(string secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

public sealed record Received(string Id, string Type, string Signature, byte[] Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}
