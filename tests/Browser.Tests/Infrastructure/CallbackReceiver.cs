using System.Collections.Specialized;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>
/// An OAuth client's loopback redirect URI, as a native app or a command-line tool has one: a real HTTP listener on
/// <c>http://127.0.0.1:&lt;port&gt;/callback</c> that captures the query of each redirect the browser follows to it and
/// answers a small page. Each arrival is signalled, never polled.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private static readonly byte[] Page = Encoding.UTF8.GetBytes(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed in</title></head>" +
        "<body><main><h1>You can close this window</h1></main></body></html>");

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private TaskCompletionSource<NameValueCollection> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CallbackReceiver()
    {
        var port = FreePort();
        RedirectUri = $"http://127.0.0.1:{port}/callback";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The redirect URI to register for the application and to send in the authorize request.</summary>
    public string RedirectUri { get; }

    /// <summary>The query of the next redirect that arrives (code and state, or error), within the timeout.</summary>
    public async Task<NameValueCollection> NextAsync(TimeSpan? timeout = null)
    {
        var query = await _next.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        return query;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            var isCallback = context.Request.Url?.AbsolutePath == "/callback";
            if (isCallback)
            {
                _next.TrySetResult(HttpUtility.ParseQueryString(context.Request.Url!.Query));
            }

            // The browser may leave (the test navigates on) before the page is written: that is no failure here.
            try
            {
                context.Response.StatusCode = isCallback ? 200 : 404;
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.ContentLength64 = Page.Length;
                context.Response.KeepAlive = false;
                await context.Response.OutputStream.WriteAsync(Page);
                context.Response.Close();
            }
            catch (Exception error) when (error is HttpListenerException or IOException or ObjectDisposedException)
            {
                context.Response.Abort();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
