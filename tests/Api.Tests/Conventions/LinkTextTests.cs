using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Conventions;
using Tempo.Api.Worklogs;

namespace Tempo.Api.Tests.Conventions;

/// <summary>
/// Texts the worklog answers make without intermediate strings: a user's link escapes the account id into the link
/// itself, and start dates and times come from per-process tables; each must read exactly as the plain formatting.
/// </summary>
public sealed class LinkTextTests
{
    private static HttpRequest Request()
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("tempo.example", 8443);
        context.Request.PathBase = "/base";
        return context.Request;
    }

    [Theory]
    [InlineData("557058:f58131cb-b67d-43c7-b30d-6b58d40bd077")]
    [InlineData("5b10ac8d82e05b22cc7d4ef5")]
    [InlineData("a b/c?d#e%f&g=h+i")]
    [InlineData("Jürgen Ødegård 山田")]
    public void A_users_link_escapes_the_account_id_as_the_URI_escaping_does(string accountId)
    {
        Assert.Equal($"https://tempo.example:8443/base/4/users/{Uri.EscapeDataString(accountId)}", Links.UserSelf(Request(), accountId));
    }

    [Fact]
    public void A_users_link_longer_than_any_first_buffer_is_whole()
    {
        var accountId = string.Concat(Enumerable.Repeat("557058:ü/", 400));
        Assert.Equal($"https://tempo.example:8443/base/4/users/{Uri.EscapeDataString(accountId)}", Links.UserSelf(Request(), accountId));
    }

    [Fact]
    public void Start_dates_and_times_read_as_formatted_each_time()
    {
        foreach (var date in new[] { new DateOnly(1, 1, 1), new DateOnly(2025, 1, 6), new DateOnly(2025, 1, 6), new DateOnly(9999, 12, 31) })
        {
            Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), WorklogsJson.DateText(date));
        }

        foreach (var time in new[] { TimeOnly.MinValue, new TimeOnly(10, 0), new TimeOnly(10, 0), new TimeOnly(23, 59, 59), TimeOnly.MaxValue, new TimeOnly(8, 30, 15, 250) })
        {
            Assert.Equal(time.ToString("HH:mm:ss", CultureInfo.InvariantCulture), WorklogsJson.TimeText(time));
        }
    }
}
