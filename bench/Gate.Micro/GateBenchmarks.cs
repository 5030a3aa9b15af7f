using BenchmarkDotNet.Attributes;
using Orleans;
using Orleans.Runtime;
using Tempo.Api.Tokens;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Bench.Micro;

/// <summary>
/// The pieces of the gate's work, one call each: the token string's shape and checksum, the keyed hash, the token
/// grain's authorize call on the in-memory silo, and all of it together as the gate does it per request.
/// </summary>
[MemoryDiagnoser]
public class GateBenchmarks
{
    private TokenCluster _cluster = null!;
    private ITokenGrain _grain = null!;
    private ITokenGrain _unknownGrain = null!;
    private byte[] _unknownIdHash = null!;
    private OneShotHmac _oneShotHmac = null!;
    private GrainType _grainType;
    private GrainInterfaceType _interfaceType;

    [GlobalSetup]
    public void Setup()
    {
        _cluster = TokenCluster.StartAsync().GetAwaiter().GetResult();
        _grain = _cluster.Grains.GetGrain<ITokenGrain>(_cluster.Id.GrainKey);
        _unknownGrain = _cluster.Grains.GetGrain<ITokenGrain>(new TokenId(_cluster.UnknownIdToken.Substring(ApiTokenFormat.Prefix.Length, TokenId.Length)).GrainKey);
        _unknownIdHash = _cluster.UnknownIdHash;
        _oneShotHmac = new OneShotHmac(_cluster.HashKey);
        if (!_oneShotHmac.Hash(_cluster.ValidToken).AsSpan().SequenceEqual(_cluster.ValidHash))
        {
            throw new InvalidOperationException("The one-shot HMAC differs from TokenSecretHasher.");
        }

        var reference = (GrainReference)_grain;
        (_grainType, _interfaceType) = (reference.GrainId.Type, reference.InterfaceType);
    }

    [GlobalCleanup]
    public void Cleanup() => _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "TryParse: valid token")]
    public bool ParseValid() => ApiTokenFormat.TryParse(_cluster.ValidToken, out _);

    [Benchmark(Description = "TryParse: bad checksum")]
    public bool ParseBadChecksum() => ApiTokenFormat.TryParse(_cluster.BadChecksumToken, out _);

    [Benchmark(Description = "Hash: one-shot HMACSHA256.HashData (before)")]
    public byte[] HashOneShot() => _oneShotHmac.Hash(_cluster.ValidToken);

    [Benchmark(Description = "Hash and tag: TokenSecretHasher.TryHash, HMAC reused per thread (now)")]
    public bool HashAndTag() => _cluster.Hasher.TryHash(_cluster.ValidToken, out _);

    [Benchmark(Description = "GetGrain<ITokenGrain>(string key)")]
    public ITokenGrain GetGrainByKey() => _cluster.Grains.GetGrain<ITokenGrain>(_cluster.Id.GrainKey);

    [Benchmark(Description = "GetGrain(GrainId, GrainInterfaceType)")]
    public ITokenGrain GetGrainById() => (ITokenGrain)_cluster.Grains.GetGrain(GrainId.Create(_grainType, _cluster.Id.GrainKey), _interfaceType);

    [Benchmark(Description = "AuthorizeAsync: allowed")]
    public ValueTask<AuthorizeAnswer> AuthorizeAllowed() => _grain.AuthorizeAsync(_cluster.ValidHash, TokenCluster.Scope, AccessLevel.View);

    [Benchmark(Description = "AuthorizeAsync: real id, wrong secret")]
    public ValueTask<AuthorizeAnswer> AuthorizeWrongSecret() => _grain.AuthorizeAsync(_cluster.WrongSecretHash, TokenCluster.Scope, AccessLevel.View);

    [Benchmark(Description = "AuthorizeAsync: unknown id (activated)")]
    public ValueTask<AuthorizeAnswer> AuthorizeUnknownId() => _unknownGrain.AuthorizeAsync(_unknownIdHash, TokenCluster.Scope, AccessLevel.View);

    [Benchmark(Description = "Gate check, GetGrain by key (before)")]
    public ValueTask<AuthorizeAnswer> GateCheckByKey() => GateCheck(_cluster.Grains, _cluster.Hasher, _cluster.ValidToken, null);

    [Benchmark(Description = "Gate check, GetGrain by id (now)")]
    public ValueTask<AuthorizeAnswer> GateCheckById() => GateCheck(_cluster.Grains, _cluster.Hasher, _cluster.ValidToken, (_grainType, _interfaceType));

    [Benchmark(Description = "Gate check, invented token (tag fails, no grain call)")]
    public ValueTask<AuthorizeAnswer> GateCheckInvented() => GateCheck(_cluster.Grains, _cluster.Hasher, _cluster.InventedToken, (_grainType, _interfaceType));

    /// <summary>
    /// What <c>TokenGateMiddleware</c> does for a token once the header is read: shape and checksum, the hash and
    /// its tag, the grain reference (by key, resolving the interface type each time, or from the cached types), the call.
    /// </summary>
    internal static ValueTask<AuthorizeAnswer> GateCheck(IGrainFactory grains, TokenSecretHasher hasher, string token, (GrainType Grain, GrainInterfaceType Interface)? types)
    {
        if (!ApiTokenFormat.TryParse(token, out var idChars))
        {
            return ValueTask.FromResult(AuthorizeAnswer.Unknown);
        }

        if (!hasher.TryHash(token, out var hash))
        {
            return ValueTask.FromResult(AuthorizeAnswer.Unknown);
        }

        var id = new TokenId(new string(idChars));
        var grain = types is { } t
            ? (ITokenGrain)grains.GetGrain(GrainId.Create(t.Grain, id.GrainKey), t.Interface)
            : grains.GetGrain<ITokenGrain>(id.GrainKey);
        return grain.AuthorizeAsync(hash, TokenCluster.Scope, AccessLevel.View);
    }
}
