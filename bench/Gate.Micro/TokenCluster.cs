using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Tempo.Api.Tokens;
using Tempo.Grains.Hosting;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Bench.Micro;

/// <summary>
/// The token grains on an in-memory silo in this process (localhost clustering, memory storage), configured like the
/// service's embedded silo (<see cref="TempoSiloHosting.UseTempoSilo"/>), with one real token created through the
/// user's index grain exactly as <c>POST /api-integration/tokens</c> does. Calls go through the silo's own
/// <see cref="IGrainFactory"/>, as the API's gate does in the one-process mode.
/// </summary>
public sealed class TokenCluster : IAsyncDisposable
{
    public const string Owner = "bench:micro";
    public const string Scope = "accounts";

    private readonly IHost _host;

    private TokenCluster(IHost host, IGrainFactory grains, byte[] hashKey, string token)
    {
        _host = host;
        Grains = grains;
        HashKey = hashKey;
        var hasher = new TokenSecretHasher(hashKey);
        Hasher = hasher;
        ValidToken = token;
        ValidHash = hasher.TryHash(token, out var hash) ? hash : throw new InvalidOperationException("The token fails its own tag.");
        Id = new TokenId(token.Substring(ApiTokenFormat.Prefix.Length, TokenId.Length));
        // Issued with the server's key for the real id, with a secret it never had: the grain answers Unknown.
        hasher.NewToken(Id, out var wrongSecretHash);
        WrongSecretHash = wrongSecretHash;
        BadChecksumToken = token[..^1] + (token[^1] == 'a' ? 'b' : 'a');
        // Issued with the server's key for an id that has no token: passes the tag, the grain answers Unknown.
        UnknownIdToken = hasher.NewToken(ApiTokenFormat.NewId(), out var unknownIdHash);
        UnknownIdHash = unknownIdHash;
        // Well formed, made with another key: what an attacker can invent; the tag fails, no grain call.
        InventedToken = new TokenSecretHasher(RandomNumberGenerator.GetBytes(TokenSecretHasher.MinKeyBytes)).NewToken(ApiTokenFormat.NewId(), out _);
    }

    public IGrainFactory Grains { get; }

    public TokenSecretHasher Hasher { get; }

    public byte[] HashKey { get; }

    public TokenId Id { get; }

    public string ValidToken { get; }

    public byte[] ValidHash { get; }

    public byte[] WrongSecretHash { get; }

    public string BadChecksumToken { get; }

    public string UnknownIdToken { get; }

    public byte[] UnknownIdHash { get; }

    public string InventedToken { get; }

    public static async Task<TokenCluster> StartAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Benchmark", Args = [] });
        builder.Logging.ClearProviders();
        builder.Configuration["Tempo:SiloPort"] = FreeTcpPort().ToString();
        builder.UseOrleans(silo => silo.UseTempoSilo(builder.Configuration, gateway: false));
        var host = builder.Build();
        await host.StartAsync();

        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var key = RandomNumberGenerator.GetBytes(TokenSecretHasher.MinKeyBytes);
        var hasher = new TokenSecretHasher(key);
        var id = ApiTokenFormat.NewId();
        var token = hasher.NewToken(id, out var hash);
        var command = new CreateTokenCommand(
            "bench", 30, null, "CUSTOM", ImmutableDictionary<string, string>.Empty.Add(Scope, "VIEW"), hash, false);
        var result = await grains.GetGrain<IUserTokensGrain>(AccountId.UserTokensKey(TenantId.Default, Owner)).CreateAsync(id, command);
        if (!result.IsOk)
        {
            throw new InvalidOperationException($"Could not create the benchmark token: {result.Status} {result.Error}");
        }

        return new TokenCluster(host, grains, key, token);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
