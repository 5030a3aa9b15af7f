using Orleans.Runtime;

namespace Tempo.Api.Errors;

/// <summary>
/// Runs a request again when the cluster rejected one of its grain calls, which is what a silo that is shutting
/// down does with messages it will no longer process (dotnet/orleans#5922, #9281). A rejected message was never
/// processed, so running the request again is safe; its body is buffered so it can be read again. Timeouts are
/// not retried: their call may have been processed.
/// </summary>
public sealed partial class RejectedRequestRetry(RequestDelegate next, ILogger<RejectedRequestRetry> logger)
{
    private const int MaxAttempts = 3;

    public async Task InvokeAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await next(context);
                return;
            }
            catch (OrleansMessageRejectionException exception) when (attempt < MaxAttempts && !context.Response.HasStarted)
            {
                LogRetry(logger, attempt, Tempo.Grains.Interfaces.TextSafety.ForLog(context.Request.Method), Tempo.Grains.Interfaces.TextSafety.ForLog(context.Request.Path.Value), Tempo.Grains.Interfaces.TextSafety.ForLog(exception.Message, 1024));
                context.Request.Body.Position = 0;
                context.Response.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), context.RequestAborted);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying {Method} {Path} (attempt {Attempt}) after the cluster rejected a call: {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, string method, string path, string reason);
}
