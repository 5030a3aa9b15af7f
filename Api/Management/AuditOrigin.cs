using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Management;

/// <summary>Hands the request's source address and user agent to the grain calls that follow (the audit trail's "where").</summary>
public static class AuditOrigin
{
    public static void Set(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        RequestOrigin.Set(address?.ToString(), http.Request.Headers.UserAgent.Count > 0 ? http.Request.Headers.UserAgent[0] : null);
    }
}
