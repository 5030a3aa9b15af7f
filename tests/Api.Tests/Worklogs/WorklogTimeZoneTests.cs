using Microsoft.AspNetCore.Hosting;
using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Worklogs.WorklogTestData;

namespace Tempo.Api.Tests.Worklogs;

/// <summary>The service with worklog start times in Oslo time (<c>Worklogs:TimeZone</c>).</summary>
public sealed class OsloWorklogsApiFactory : TempoApiFactory
{
    protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting("Worklogs:TimeZone", "Europe/Oslo");
}

public sealed class WorklogTimeZoneTests(OsloWorklogsApiFactory factory) : IClassFixture<OsloWorklogsApiFactory>
{
    [Theory]
    [InlineData("2026-06-02", "09:00:00", "2026-06-02T07:00:00.000Z")]
    [InlineData("2026-01-05", "09:00:00", "2026-01-05T08:00:00.000Z")]
    [InlineData("2026-01-05", null, "2026-01-04T23:00:00.000Z")]
    [InlineData("2026-03-29", "02:30:00", "2026-03-29T01:00:00.000Z")]
    public async Task StartDateTimeUtc_is_the_start_in_the_configured_zone(string date, string? time, string utc)
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");

        var worklog = await api.PostJsonAsync("/4/worklogs", Body(NewAuthor(), NewIssue(), date, time));

        Assert.Equal(utc, worklog["startDateTimeUtc"]!.GetValue<string>());
        Assert.Equal(date, worklog["startDate"]!.GetValue<string>());
    }
}
