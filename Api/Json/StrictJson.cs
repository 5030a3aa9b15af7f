using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tempo.Api.Json;

/// <summary>
/// One JSON reading policy for every body: numbers are numbers (<c>"30"</c> is not 30), a key given twice is
/// refused rather than the last one silently winning, and property names match exactly as documented. The
/// management API's bodies also refuse unknown fields (<see cref="JsonUnmappedMemberHandlingAttribute"/> on its
/// request records); <c>/4</c> bodies ignore fields they do not know, as Tempo does for its clients.
/// </summary>
public static class StrictJson
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.AllowDuplicateProperties = false;
        options.PropertyNameCaseInsensitive = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new UtcInstantConverter());
    }
}
