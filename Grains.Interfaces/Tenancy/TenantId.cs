namespace Tempo.Grains.Interfaces;

/// <summary>
/// One Jira site served by this deployment, named by a short id (<c>[a-z0-9-]{1,63}</c>). Every grain key of a
/// tenant's data starts with it (<see cref="Key(string)"/>), so no grain, state row or cache entry of one tenant can
/// be reached with another tenant's key. The token decides the tenant of a <c>/4</c> request; a signed-in user's
/// JWT decides it for the management API.
/// </summary>
/// <remarks>
/// Keys are <c>&lt;kind&gt;_&lt;tenant&gt;</c> or <c>&lt;kind&gt;_&lt;tenant&gt;_&lt;rest&gt;</c>: a tenant id never holds
/// <c>_</c>, so the tenant is the second segment of every key, however many <c>_</c> the rest holds.
/// </remarks>
[GenerateSerializer, Immutable, Alias("tempo.TenantId")]
public readonly record struct TenantId
{
    public const int MaxLength = 63;

    /// <summary>The tenant of development sign-in when none is given, and of the benchmark without a gate.</summary>
    public static TenantId Default { get; } = new("default");

    [System.Text.Json.Serialization.JsonConstructor] // grain storage reads it through this, not the struct's default
    public TenantId(string value)
    {
        Value = IsValid(value) ? value : throw new ArgumentException($"'{value}' is not a tenant id: 1 to {MaxLength} of a-z, 0-9 and '-'.", nameof(value));
    }

    [Id(0)] public string Value { get; }

    public static bool IsValid(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryParse(string? text, out TenantId tenant)
    {
        tenant = default;
        if (!IsValid(text))
        {
            return false;
        }

        tenant = new TenantId(text!);
        return true;
    }

    /// <summary>The grain key of a tenant-wide grain of this kind (<c>accounts_acme</c>).</summary>
    public string Key(string kind) => $"{kind}_{Checked}";

    /// <summary>The grain key of one grain of this kind in the tenant (<c>u_acme_557058:alice</c>).</summary>
    public string Key(string kind, string rest) => $"{kind}_{Checked}_{rest}";

    /// <summary>The tenant and the rest of a key made by <see cref="Key(string, string)"/> (or <see cref="Key(string)"/>, rest empty).</summary>
    public static (TenantId Tenant, string Remainder) FromKey(string key, string kind)
    {
        if (key.Length > kind.Length + 1 && key.StartsWith(kind, StringComparison.Ordinal) && key[kind.Length] == '_')
        {
            var tail = key.AsSpan(kind.Length + 1);
            var end = tail.IndexOf('_');
            var tenant = end < 0 ? tail.ToString() : tail[..end].ToString();
            if (IsValid(tenant))
            {
                return (new TenantId(tenant), end < 0 ? string.Empty : tail[(end + 1)..].ToString());
            }
        }

        throw new ArgumentException($"'{key}' is not a '{kind}' grain key of a tenant.", nameof(key));
    }

    private string Checked => Value ?? throw new InvalidOperationException("An uninitialised TenantId names no tenant.");

    public override string ToString() => Value;
}
