using System.Text;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Security;

/// <summary>
/// Findings 3 and 4: names at most 255 characters, descriptions and summaries at most 10,000; no control or
/// bidirectional formatting characters in names and keys (token names too); bodies capped at 1 MB (more for bulk)
/// with a 413 in Tempo's body; user text never reaches a log line raw.
/// </summary>
public sealed class InputLimitsTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("/4/teams", """{"name":"NAME"}""", "'name' must be at most 255 characters.")]
    [InlineData("/4/teams", """{"name":"ok","summary":"TEXT"}""", "'summary' must be at most 10000 characters.")]
    [InlineData("/4/customers", """{"key":"K","name":"NAME"}""", "'name' must be at most 255 characters.")]
    [InlineData("/4/accounts", """{"key":"K","name":"NAME","status":"OPEN","leadAccountId":"557058:lead"}""", "'name' must be at most 255 characters.")]
    [InlineData("/4/worklogs", """{"authorAccountId":"557058:a","issueId":10001,"startDate":"2026-06-01","timeSpentSeconds":60,"description":"TEXT"}""", "'description' must be at most 10000 characters.")]
    public async Task Oversized_text_is_refused_naming_the_field_and_its_limit(string path, string template, string expected)
    {
        var api = await factory.FullAccessClientAsync();
        var key = ScopedClients.Unique("K").Replace("-", "_", StringComparison.Ordinal);
        var json = template.Replace("\"K\"", $"\"{key}\"", StringComparison.Ordinal)
            .Replace("NAME", new string('n', 256), StringComparison.Ordinal)
            .Replace("TEXT", new string('t', 10_001), StringComparison.Ordinal);

        var response = await api.PostAsync(path, Json(json));

        Assert.Contains(expected, await SecurityAsserts.AssertTempoErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Names_at_the_limit_are_accepted()
    {
        var api = await factory.FullAccessClientAsync();

        var team = await api.PostJsonAsync("/4/teams", new { name = new string('n', 255), summary = new string('s', 10_000) });

        Assert.Equal(255, team["name"]!.GetValue<string>().Length);
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("bell\u0007")]
    [InlineData("\u001b[31mred")]
    [InlineData("line\r\nbreak")]
    [InlineData("evil\u202etxt.exe")]
    [InlineData("iso\u2066late")]
    [InlineData("mark\u200f")]
    [InlineData("c1\u0085c1")]
    public async Task Control_and_bidi_characters_are_refused_in_names_keys_and_token_names(string name)
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var api = await factory.FullAccessClientAsync();

        var token = await user.PostAsJsonAsync("/api-integration/tokens", new { name, access = new { type = "FULL" } });
        var team = await api.PostAsJsonAsync("/4/teams", new { name });
        var customer = await api.PostAsJsonAsync("/4/customers", new { key = "K" + name, name = "ok" });
        var account = await api.PostAsJsonAsync("/4/accounts", new { key = ScopedClients.Unique("A").Replace("-", "_", StringComparison.Ordinal), name, status = "OPEN", leadAccountId = "557058:lead" });

        Assert.Equal("'name' must not contain control characters or bidirectional formatting characters.", await SecurityAsserts.AssertTempoErrorAsync(token, HttpStatusCode.BadRequest));
        Assert.Equal("'name' must not contain control characters or bidirectional formatting characters.", await SecurityAsserts.AssertTempoErrorAsync(team, HttpStatusCode.BadRequest));
        await SecurityAsserts.AssertTempoErrorAsync(customer, HttpStatusCode.BadRequest);
        await SecurityAsserts.AssertTempoErrorAsync(account, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Descriptions_keep_line_breaks_but_refuse_other_control_characters()
    {
        var api = await factory.FullAccessClientAsync();

        var ok = await api.PostAsJsonAsync("/4/teams", new { name = ScopedClients.Unique("t"), summary = "two\nlines\tand a tab" });
        var nul = await api.PostAsJsonAsync("/4/teams", new { name = ScopedClients.Unique("t"), summary = "nul\u0000" });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("'summary' must not contain control characters other than tabs and line breaks.", await SecurityAsserts.AssertTempoErrorAsync(nul, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_413_in_tempos_body_and_creates_nothing()
    {
        var api = await factory.FullAccessClientAsync();
        var before = (await api.GetJsonAsync("/4/teams?limit=1000"))["metadata"]!["count"]!.GetValue<int>();

        var response = await api.PostAsync("/4/teams", Json($$"""{"name":"big","summary":"{{new string('s', 1024 * 1024)}}"}"""));

        var message = await SecurityAsserts.AssertTempoErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("The request body is too large: this endpoint accepts at most 1048576 bytes.", message);
        Assert.Equal(before, (await api.GetJsonAsync("/4/teams?limit=1000"))["metadata"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_bulk_body_may_be_larger_than_one_megabyte()
    {
        var api = await factory.FullAccessClientAsync();
        var padding = new string(' ', 1024 * 1024);

        var response = await api.PostAsync("/4/worklogs/issue/10001/bulk", Json($"[{padding}]"));

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"got {(int)response.StatusCode}");
    }

    [Fact]
    public void User_text_reaches_log_lines_escaped_and_cut()
    {
        Assert.Equal("/4/a\\u000aFAKE\\u001b[31m\\u202e", Tempo.Grains.Interfaces.TextSafety.ForLog("/4/a\nFAKE\u001b[31m\u202e"));
        Assert.Equal(new string('x', 256) + "…", Tempo.Grains.Interfaces.TextSafety.ForLog(new string('x', 5000)));
    }

    [Fact]
    public async Task Hostile_requests_leave_no_raw_control_character_in_any_log_line()
    {
        var api = await factory.FullAccessClientAsync();

        await api.PostAsJsonAsync("/4/teams", new { name = "\u001b[31m\u202e" });
        await api.GetAsync("/4/teams/%1B%5B31m");
        await factory.CreateClient().GetAsync("/4/x%1B%0Afake");

        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains('\u001b') || l.Contains('\u202e'));
    }
}
