using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests;

public sealed class HostingTests
{
    private sealed class ProductionFactory(bool withHashKey) : TempoApiFactory
    {
        protected override string EnvironmentName => "Production";

        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            builder.UseSetting("Authentication:Authority", "https://login.example.invalid/");
            builder.UseSetting("Authentication:Audience", "tempo-orleans");
            if (!withHashKey)
            {
                builder.UseSetting("Tokens:HashKey", "");
            }
        }
    }

    /// <summary>Counts the requests the management sign-in's JWT handler looks at.</summary>
    private sealed class CountingSignInFactory : TempoApiFactory
    {
        private int _seen;

        public int Seen => Volatile.Read(ref _seen);

        protected override void ConfigureTestServices(IServiceCollection services)
        {
            base.ConfigureTestServices(services);
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                var inner = options.Events.OnMessageReceived;
                options.Events.OnMessageReceived = context =>
                {
                    Interlocked.Increment(ref _seen);
                    return inner(context);
                };
            });
        }
    }

    [Fact]
    public async Task Sign_in_authentication_runs_for_the_management_api_and_never_for_slash_4()
    {
        using var factory = new CountingSignInFactory();
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateFullTokenAsync();
        var api = factory.WithApiToken(token.Secret());

        var before = factory.Seen;
        var worklogAttributes = await api.GetAsync("/4/work-attributes");
        var unknownPath = await api.GetAsync("/4/no-such-namespace");
        var afterSlash4 = factory.Seen;
        var tokens = await user.GetAsync("/api-integration/tokens");

        Assert.True(before > 0, "the sign-in handler saw the token creation");
        Assert.Equal(HttpStatusCode.OK, worklogAttributes.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPath.StatusCode);
        Assert.Equal(before, afterSlash4);
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        Assert.Equal(afterSlash4 + 1, factory.Seen);
    }

    [Fact]
    public async Task Dev_sign_in_does_not_exist_in_production()
    {
        using var factory = new ProductionFactory(withHashKey: true);

        var response = await factory.CreateClient().PostAsJsonAsync("/dev/sign-in", new { accountId = "anyone" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not found.", await response.ErrorMessageAsync());
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains("Development sign-in is ON"));
    }

    [Fact]
    public async Task Dev_sign_in_warns_when_it_is_on()
    {
        using var factory = new TempoApiFactory();
        await factory.SignedInAsync(TempoClient.NewAccountId());

        Assert.Contains(factory.Logs.Lines, l => l.StartsWith("Warning") && l.Contains("Development sign-in is ON"));
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_token_hash_key()
    {
        var (exitCode, output) = await ApiProcess.RunToExitAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Authentication__Authority"] = "https://login.example.invalid/",
        });

        Assert.True(exitCode == 2, $"expected exit code 2, got {exitCode}: {output}");
        Assert.Contains("tempo-api: 'Tokens:HashKey' is required outside Development", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_sign_in_provider()
    {
        var (exitCode, output) = await ApiProcess.RunToExitAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Tokens__HashKey"] = Convert.ToBase64String(new byte[32]),
        });

        Assert.True(exitCode == 2, $"expected exit code 2, got {exitCode}: {output}");
        Assert.Contains("Configure 'Authentication:Authority'", output);
    }

    [Fact]
    public async Task Unknown_paths_and_wrong_verbs_answer_in_tempos_error_shape()
    {
        using var factory = new TempoApiFactory();
        var client = factory.CreateClient();

        var missing = await client.GetAsync("/nowhere");
        var wrongVerb = await client.PutAsync("/dev/sign-in", null);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Not found.", await missing.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongVerb.StatusCode);
        Assert.Equal("This path does not accept PUT; it accepts POST.", await wrongVerb.ErrorMessageAsync());
    }

    [Fact]
    public async Task The_openapi_document_has_a_bearer_scheme_and_the_scope_of_each_4_operation()
    {
        using var factory = new GateTestFactory();

        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var scheme = document["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        var path = document["paths"]!["/4/_gate-test/accounts"]!;
        Assert.Equal("accounts:view", path["get"]!["x-tempo-scope"]!.GetValue<string>());
        Assert.Equal("accounts:manage", path["post"]!["x-tempo-scope"]!.GetValue<string>());
        Assert.StartsWith("Requires token scope `accounts:manage`.", path["delete"]!["description"]!.GetValue<string>());
        Assert.NotNull(path["get"]!["security"]);
        Assert.NotNull(document["paths"]!["/api-integration/tokens"]!["post"]!["security"]);
    }

    [Fact]
    public async Task The_api_reference_page_is_served()
    {
        using var factory = new TempoApiFactory();

        var response = await factory.CreateClient().GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.ToString());
    }
}
