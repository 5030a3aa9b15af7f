using Microsoft.AspNetCore.Http.Features;
using Tempo.Api.Errors;

namespace Tempo.Api.Security;

/// <summary>
/// Caps request bodies: <c>Limits:MaxRequestBodyBytes</c> (1 MB by default) for every endpoint, and
/// <c>Limits:MaxBulkRequestBodyBytes</c> (8 MB by default) for the bulk operations (those whose operation id starts
/// with <c>bulk</c>). A declared length over the cap is answered 413 before anything is read; a chunked body that
/// grows past it is stopped by the server as it is read, and answered 413 too.
/// </summary>
public sealed class RequestBodyLimits(RequestDelegate next, IConfiguration configuration)
{
    public const string SettingKey = "Limits:MaxRequestBodyBytes";
    public const string BulkSettingKey = "Limits:MaxBulkRequestBodyBytes";
    public const long DefaultMaxBytes = 1024 * 1024;
    public const long DefaultMaxBulkBytes = 8 * 1024 * 1024;

    private readonly long _max = configuration.GetValue(SettingKey, DefaultMaxBytes);
    private readonly long _maxBulk = configuration.GetValue(BulkSettingKey, DefaultMaxBulkBytes);

    public Task InvokeAsync(HttpContext context)
    {
        var name = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        var limit = name is not null && name.StartsWith("bulk", StringComparison.Ordinal) ? _maxBulk : _max;
        context.Items[LimitItem] = limit;
        if (context.Request.ContentLength > limit)
        {
            return TempoErrorHandling.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge(limit));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }

    private static readonly object LimitItem = new();

    /// <summary>The cap this request was given, for the 413 the server raises while reading a chunked body.</summary>
    public static long? LimitOf(HttpContext context) => context.Items.TryGetValue(LimitItem, out var limit) ? (long?)limit : null;

    public static string TooLarge(long? limit) => limit is { } bytes
        ? $"The request body is too large: this endpoint accepts at most {bytes} bytes."
        : "The request body is too large.";
}
