using System.Security.Cryptography;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Tests;

/// <summary>Runs alone: it changes the catalogue that new activations of the shared cluster see.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CatalogueFreezeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Full_access_never_grows_when_the_catalogue_gains_a_scope()
    {
        const string owner = "catalogue-freeze";
        var index = fixture.Grains.GetGrain<IUserTokensGrain>(AccountId.UserTokensKey(owner));
        var oldId = new TokenId("OLDfull00001");
        var oldHash = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(TokenResultStatus.Ok, (await index.CreateAsync(oldId, new(owner, "before", null, null, "FULL", null, oldHash))).Status);

        var reports = new ScopeDefinition("reports", "Reports", ["Reports"], [AccessLevel.View, AccessLevel.Manage]);
        fixture.Catalogue.Current = ScopeCatalogue.Seed.With(reports);
        try
        {
            var newId = new TokenId("NEWfull00001");
            var newHash = RandomNumberGenerator.GetBytes(32);
            Assert.Equal(TokenResultStatus.Ok, (await index.CreateAsync(newId, new(owner, "after", null, null, "FULL", null, newHash))).Status);
            await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<ITokenGrain>(oldId.GrainKey));

            var oldToken = fixture.Grains.GetGrain<ITokenGrain>(oldId.GrainKey);
            var newToken = fixture.Grains.GetGrain<ITokenGrain>(newId.GrainKey);
            Assert.Equal(AuthorizeOutcome.InsufficientScope, await oldToken.AuthorizeAsync(oldHash, "reports", AccessLevel.View));
            Assert.Equal(AuthorizeOutcome.Allowed, await oldToken.AuthorizeAsync(oldHash, "accounts", AccessLevel.Manage));
            Assert.Equal(AuthorizeOutcome.Allowed, await newToken.AuthorizeAsync(newHash, "reports", AccessLevel.Manage));
            Assert.False((await oldToken.GetAsync(owner))!.Access.Scopes.ContainsKey("reports"));
        }
        finally
        {
            fixture.Catalogue.Current = ScopeCatalogue.Seed;
        }
    }
}
