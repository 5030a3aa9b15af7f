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
        var index = fixture.Grains.GetGrain<IUserTokensGrain>(AccountId.UserTokensKey(TenantId.Default, owner));
        var oldId = new TokenId("OLDfull00001");
        var oldHash = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(ResultStatus.Ok, (await index.CreateAsync(oldId, new("before", null, null, "FULL", null, oldHash, false))).Status);

        var reports = new ScopeDefinition("reports", "Reports", ["Reports"], [AccessLevel.View, AccessLevel.Manage]);
        fixture.Catalogue.Current = ScopeCatalogue.Seed.With(reports);
        // A scope arrives with a new deployment, whose activations (the user's index among them) see the new catalogue.
        await fixture.Cluster.DeactivateAsync(index);
        try
        {
            var newId = new TokenId("NEWfull00001");
            var newHash = RandomNumberGenerator.GetBytes(32);
            Assert.Equal(ResultStatus.Ok, (await index.CreateAsync(newId, new("after", null, null, "FULL", null, newHash, false))).Status);
            await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<ITokenGrain>(oldId.GrainKey));

            var oldToken = fixture.Grains.GetGrain<ITokenGrain>(oldId.GrainKey);
            var newToken = fixture.Grains.GetGrain<ITokenGrain>(newId.GrainKey);
            Assert.Equal(AuthorizeOutcome.InsufficientScope, (await oldToken.AuthorizeAsync(oldHash, "reports", AccessLevel.View)).Outcome);
            Assert.Equal(AuthorizeOutcome.Allowed, (await oldToken.AuthorizeAsync(oldHash, "accounts", AccessLevel.Manage)).Outcome);
            Assert.Equal(AuthorizeOutcome.Allowed, (await newToken.AuthorizeAsync(newHash, "reports", AccessLevel.Manage)).Outcome);
            Assert.False((await oldToken.GetAsync(new TokenOwner(TenantId.Default, owner)))!.Access.Scopes.ContainsKey("reports"));
        }
        finally
        {
            fixture.Catalogue.Current = ScopeCatalogue.Seed;
        }
    }
}
