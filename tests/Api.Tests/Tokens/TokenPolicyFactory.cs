using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Tempo.Api.Gate;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Interfaces.Audit;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Tests.Tokens;

/// <summary>
/// The service with what token-policy tests need: the client address taken from a test header (TestServer has none),
/// a trusted proxy at 10.0.0.1, a secret-scanning key pair, and a switch that makes the audit log refuse appends.
/// </summary>
public sealed class TokenPolicyFactory : TempoApiFactory
{
    public const string RemoteIpHeader = "X-Test-Remote-Ip";
    public const string ScanKeyId = "test-key-1";

    public ECDsa ScanKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public AuditFault Fault { get; } = new();

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public TokenUseReporter Reporter => Services.GetRequiredService<TokenUseReporter>();

    public ITokenGrain Token(string id) => Grains.GetGrain<ITokenGrain>(new TokenId(id).GrainKey);

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("ForwardedHeaders:Enabled", "true");
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", "10.0.0.1");
        builder.UseSetting($"SecretScanning:PublicKeys:{ScanKeyId}", ScanKey.ExportSubjectPublicKeyInfoPem());
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<IStartupFilter>(new RemoteIpFromHeader());
        services.AddSingleton<IIncomingGrainCallFilter>(Fault);
    }

    /// <summary>Releases the class's activations (state stays in storage): the next call reactivates from storage.</summary>
    public Task DeactivateAllAsync() =>
        Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private sealed class RemoteIpFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(RemoteIpHeader, out var ip)
                    ? IPAddress.Parse(ip.ToString())
                    : IPAddress.Parse("192.0.2.10");
                return following(context);
            });
            next(app);
        };
    }
}

/// <summary>While <see cref="Failing"/>, every append to the audit log throws: the "crash between the change and its event".</summary>
public sealed class AuditFault : IIncomingGrainCallFilter
{
    public volatile bool Failing;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (Failing && context.Grain is IAuditDayGrain && context.InterfaceMethod?.Name == nameof(IAuditDayGrain.AppendAsync))
        {
            throw new InvalidOperationException("audit log down (test fault)");
        }

        return context.Invoke();
    }
}
