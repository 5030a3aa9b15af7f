using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains;
using Tempo.Grains.Tokens;

namespace Tempo.Api.Tests;

public sealed class SecretHygieneTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Secrets_never_reach_a_log_line()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateFullTokenAsync();
        var regenerated = (await (await user.PostAsync($"/api-integration/tokens/{token.Id()}/regenerate", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        await factory.WithApiToken(token.Secret()).GetAsync("/4/accounts");
        await factory.WithApiToken(regenerated.Secret()).GetAsync("/4/accounts");

        var lines = factory.Logs.Lines.ToArray();

        Assert.Contains(lines, l => l.Contains($"Token {token.Id()} regenerated"));
        Assert.DoesNotContain(lines, l => l.Contains(token.Secret()) || l.Contains(regenerated.Secret()));
        Assert.DoesNotContain(lines, l => l.Contains(token.Secret()[20..50]));
    }

    [Fact]
    public async Task Storage_holds_a_keyed_hash_and_never_the_secret()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateFullTokenAsync();

        var storage = factory.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var state = new GrainState<TokenState>();
        await storage.ReadStateAsync("apiToken", GrainId.Create("token", "t_" + token.Id()), state);
        var stored = JsonSerializer.Serialize(state.State);

        Assert.DoesNotContain(token.Secret()[("tempo_".Length + 13)..], stored);
        // The keyed hash covers the prefix, the id and the 43 random characters (the tag and checksum derive from them).
        var hashed = token.Secret()[..("tempo_".Length + 12 + 1 + 43)];
        Assert.Equal(HMACSHA256.HashData(factory.HashKey, Encoding.ASCII.GetBytes(hashed)), state.State!.SecretHash);
        Assert.NotEqual(SHA256.HashData(Encoding.ASCII.GetBytes(token.Secret())), state.State!.SecretHash);
    }
}
