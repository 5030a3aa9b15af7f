using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Tempo.Api.Errors;

namespace Tempo.Api.Tests;

public sealed class RejectedRequestRetryTests
{
    private static DefaultHttpContext Request(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context;
    }

    private static OrleansMessageRejectionException Rejection() =>
        (OrleansMessageRejectionException)Activator.CreateInstance(typeof(OrleansMessageRejectionException), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, ["rejected: the silo is shutting down"], null)!;

    [Fact]
    public async Task A_rejected_request_runs_again_with_its_whole_body()
    {
        var bodies = new List<string>();
        var retry = new RejectedRequestRetry(async context =>
        {
            bodies.Add(await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync());
            if (bodies.Count == 1)
            {
                throw Rejection();
            }

            context.Response.StatusCode = 200;
        }, NullLogger<RejectedRequestRetry>.Instance);
        var context = Request("""{"key":"K1"}""");

        await retry.InvokeAsync(context);

        Assert.Equal(["""{"key":"K1"}""", """{"key":"K1"}"""], bodies);
        Assert.Equal(200, context.Response.StatusCode);
    }

    [Fact]
    public async Task It_gives_up_after_three_attempts_and_never_retries_a_timeout()
    {
        var attempts = 0;
        var rejecting = new RejectedRequestRetry(_ => { attempts++; throw Rejection(); }, NullLogger<RejectedRequestRetry>.Instance);
        await Assert.ThrowsAsync<OrleansMessageRejectionException>(() => rejecting.InvokeAsync(Request("{}")));
        Assert.Equal(3, attempts);

        attempts = 0;
        var timingOut = new RejectedRequestRetry(_ => { attempts++; throw new TimeoutException(); }, NullLogger<RejectedRequestRetry>.Instance);
        await Assert.ThrowsAsync<TimeoutException>(() => timingOut.InvokeAsync(Request("{}")));
        Assert.Equal(1, attempts);
    }
}
