namespace Tempo.Api.Security;

/// <summary>
/// HEAD is answered as GET without a body, on every GET route: minimal APIs match GET routes to GET only, so the
/// request is routed as GET (the gate then asks for VIEW, as it does for HEAD) and whatever the endpoint writes is
/// dropped, its status and headers kept. The verb is restored once the response is done, for logs and metrics.
/// </summary>
public sealed class HeadAsGet(RequestDelegate next)
{
    private static readonly object HeadItem = new();

    /// <summary>The verb the client sent: HEAD for a request answered as GET here.</summary>
    public static string OriginalMethod(HttpContext context) =>
        context.Items.ContainsKey(HeadItem) ? HttpMethods.Head : context.Request.Method;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var body = context.Response.Body;
        context.Items[HeadItem] = true;
        context.Request.Method = HttpMethods.Get;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
            context.Request.Method = HttpMethods.Head;
        }
    }
}
