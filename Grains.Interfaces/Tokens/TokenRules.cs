using Tempo.Grains.Interfaces.Scopes;

namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>
/// The rules a token request must meet: name, expiry window and access. Pure functions of the request, the
/// catalogue and the current instant, so the token grain (which enforces them) and tests share one definition.
/// </summary>
public static class TokenRules
{
    public const int NameMaxLength = 255;
    public const int DefaultExpiryDays = 30;
    public const int MinExpiryDays = 1;
    public const int MaxExpiryDays = 365;

    /// <summary>Trims and checks a token name.</summary>
    public static bool TryNormalizeName(string? name, out string normalized, out string? error)
    {
        normalized = (name ?? string.Empty).Trim();
        error = name is null ? "'name' is required."
            : normalized.Length == 0 ? "'name' must not be empty."
            : normalized.Length > NameMaxLength ? $"'name' must be at most {NameMaxLength} characters."
            : !TextSafety.IsSafeName(normalized) ? $"'name' {TextSafety.NameMessageSuffix}"
            : null;
        return error is null;
    }

    /// <summary>
    /// The expiry instant: <see cref="DefaultExpiryDays"/> from now when neither is given, else
    /// <paramref name="expiresInDays"/> days from now, or <paramref name="expiresAt"/>, which must fall between
    /// <see cref="MinExpiryDays"/> and <see cref="MaxExpiryDays"/> days from now.
    /// </summary>
    public static bool TryResolveExpiry(int? expiresInDays, DateTimeOffset? expiresAt, DateTimeOffset now, out DateTimeOffset expiry, out string? error)
    {
        expiry = default;
        error = null;
        if (expiresInDays is not null && expiresAt is not null)
        {
            error = "Give either 'expiresInDays' or 'expiresAt', not both.";
            return false;
        }

        if (expiresAt is { } at)
        {
            var at_ = TruncateToMilliseconds(at.ToUniversalTime());
            if (at_ < now.AddDays(MinExpiryDays) || at_ > now.AddDays(MaxExpiryDays))
            {
                error = $"'expiresAt' must be between {MinExpiryDays} and {MaxExpiryDays} days from now.";
                return false;
            }

            expiry = at_;
            return true;
        }

        var days = expiresInDays ?? DefaultExpiryDays;
        if (days is < MinExpiryDays or > MaxExpiryDays)
        {
            error = $"'expiresInDays' must be between {MinExpiryDays} and {MaxExpiryDays}.";
            return false;
        }

        expiry = now.AddDays(days);
        return true;
    }

    /// <summary>
    /// Turns the requested access into the stored, explicit form. FULL becomes every scope of the catalogue at
    /// its highest level, frozen now; CUSTOM needs at least one known scope, each at a level that scope offers.
    /// </summary>
    public static bool TryResolveAccess(string? type, IReadOnlyDictionary<string, string>? scopes, ScopeCatalogue catalogue, out TokenAccess access, out string? error)
    {
        access = null!;
        switch (type)
        {
            case "FULL":
                if (scopes is { Count: > 0 })
                {
                    error = "'access.scopes' is only allowed with CUSTOM access.";
                    return false;
                }

                access = new TokenAccess(AccessType.Full, catalogue.Scopes.ToImmutableDictionary(s => s.Key, s => s.HighestLevel, StringComparer.Ordinal));
                error = null;
                return true;

            case "CUSTOM":
                return TryResolveCustom(scopes, catalogue, out access, out error);

            case null:
                error = "'access.type' is required: FULL or CUSTOM.";
                return false;

            default:
                error = $"'access.type' must be FULL or CUSTOM, not '{type}'.";
                return false;
        }
    }

    private static bool TryResolveCustom(IReadOnlyDictionary<string, string>? scopes, ScopeCatalogue catalogue, out TokenAccess access, out string? error)
    {
        access = null!;
        if (scopes is null || scopes.Count == 0)
        {
            error = "CUSTOM access needs at least one scope in 'access.scopes'.";
            return false;
        }

        var granted = ImmutableDictionary.CreateBuilder<string, AccessLevel>(StringComparer.Ordinal);
        foreach (var (key, levelText) in scopes.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!catalogue.TryGet(key, out var scope))
            {
                error = $"Unknown scope '{key}' in 'access.scopes'.";
                return false;
            }

            if (!AccessLevels.TryParseWire(levelText, out var level))
            {
                error = $"'access.scopes.{key}' must be VIEW or MANAGE, not '{levelText}'.";
                return false;
            }

            if (!scope.Offers(level))
            {
                error = $"Scope '{key}' offers only {string.Join(" or ", scope.Levels.Select(l => l.ToWire()))}; '{levelText}' is not allowed.";
                return false;
            }

            granted[key] = level;
        }

        access = new TokenAccess(AccessType.Custom, granted.ToImmutable());
        error = null;
        return true;
    }

    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
