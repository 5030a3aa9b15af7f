using Microsoft.AspNetCore.Hosting;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Projects;

/// <summary>A host whose tenants' projects default to euros.</summary>
public sealed class EuroApiFactory : TempoApiFactory
{
    protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting("Projects:DefaultCurrency", "EUR");
}

public sealed class ProjectsDefaultCurrencyTests(EuroApiFactory factory) : IClassFixture<EuroApiFactory>
{
    [Fact]
    public async Task A_project_created_without_a_currency_takes_the_configured_default()
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");

        var defaulted = await api.CreateProjectAsync();
        var named = await api.CreateProjectAsync(new { name = "Yen", currencyCode = "JPY" });

        Assert.Equal("EUR", defaulted["defaultCostRate"]!["currencyCode"]!.GetValue<string>());
        Assert.Equal("JPY", named["defaultCostRate"]!["currencyCode"]!.GetValue<string>());
    }
}
