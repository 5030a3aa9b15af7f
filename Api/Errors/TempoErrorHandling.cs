using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Tempo.Grains.Interfaces;

namespace Tempo.Api.Errors;

/// <summary>
/// Makes every error leave in Tempo's body: requests the framework rejects (bad JSON, wrong content type, too
/// large), bodiless status codes (404, 405, a 401 challenge) and, last, unexpected exceptions as a 500 that
/// says nothing about internals.
/// </summary>
public static partial class TempoErrorHandling
{
    public static IServiceCollection AddTempoErrorHandling(this IServiceCollection services)
    {
        // Binding failures throw, so that the handler below can answer them in Tempo's shape.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddProblemDetails();
        return services;
    }

    public static IApplicationBuilder UseTempoErrorHandling(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null)
            {
                return;
            }

            await WriteAsync(context.HttpContext, response.StatusCode, FrameworkMessages.For(response.StatusCode, context.HttpContext));
        });
        return app;
    }

    public static Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return context.Response.WriteAsJsonAsync(ErrorBody.Of(message), options);
    }

    /// <summary>Answers malformed requests with a 4xx that says what is wrong; leaves other exceptions alone.</summary>
    private sealed partial class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (context.Response.HasStarted)
            {
                return false;
            }

            switch (exception)
            {
                case BadHttpRequestException bad:
                    await WriteAsync(context, bad.StatusCode, FrameworkMessages.For(bad, context));
                    return true;
                case JsonException json:
                    await WriteAsync(context, StatusCodes.Status400BadRequest, FrameworkMessages.For(json));
                    return true;
                case InvalidDataException when context.Request.HasFormContentType:
                    // A form body that is not form encoding (a %00, an oversized value): the OAuth endpoints read forms.
                    await WriteAsync(context, StatusCodes.Status400BadRequest, "The form body is not valid application/x-www-form-urlencoded data.");
                    return true;
                case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                    return true;
                case Orleans.Runtime.OrleansException or TimeoutException:
                    // A silo died or is leaving; the cluster recovers within seconds, so tell clients to retry.
                    LogUnavailable(logger, TextSafety.ForLog($"{exception.GetType().Name}: {exception.Message}", 1024), TextSafety.ForLog(context.Request.Method), TextSafety.ForLog(context.Request.Path.Value));
                    context.Response.Headers.RetryAfter = "1";
                    await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The service is briefly unavailable; retry the request.");
                    return true;
                default:
                    LogUnhandled(logger, exception, TextSafety.ForLog(context.Request.Method), TextSafety.ForLog(context.Request.Path.Value));
                    await WriteAsync(context, StatusCodes.Status500InternalServerError, "An unexpected error occurred.");
                    return true;
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster unavailable ({Error}) for {Method} {Path}")]
        private static partial void LogUnavailable(ILogger logger, string error, string method, string path);

        [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
        private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
    }
}
