using Orleans.Runtime;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    private static readonly string[] ProductFolders = ["Api", "Grains", "Grains.Interfaces", "Hosting", "Silo"];

    [Fact]
    public async Task A_reference_is_the_one_GetGrain_makes_and_reaches_the_same_activation()
    {
        var tenant = new TenantId("t-refs");
        var first = fixture.Grains.Reference<IWorklogBulkLockGrain>(WorklogGrainKeys.BulkLock(tenant, 1));
        var cached = fixture.Grains.Reference<IWorklogBulkLockGrain>(WorklogGrainKeys.BulkLock(tenant, 2));
        var lease = Guid.NewGuid();

        foreach (var (reference, issue) in new[] { (first, 1L), (cached, 2L) })
        {
            var expected = fixture.Grains.GetGrain<IWorklogBulkLockGrain>(WorklogGrainKeys.BulkLock(tenant, issue));
            Assert.Equal(expected.GetGrainId(), reference.GetGrainId());
            Assert.Equal(((GrainReference)(object)expected).InterfaceType, ((GrainReference)(object)reference).InterfaceType);
            Assert.Equal(expected, reference);
        }

        // The cached reference reaches the same activation as GetGrain's: the lease it took is held there.
        Assert.True(await cached.TryAcquireAsync(lease));
        Assert.False(await fixture.Grains.GetGrain<IWorklogBulkLockGrain>(WorklogGrainKeys.BulkLock(tenant, 2)).TryAcquireAsync(Guid.NewGuid()));
        await cached.ReleaseAsync(lease);
    }

    [Fact]
    public void The_products_code_takes_grain_references_through_GrainReferences()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Tempo.Orleans.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Tempo.Orleans.sln not found");
        }

        var sources = ProductFolders
            .SelectMany(f => Directory.EnumerateFiles(Path.Combine(root.FullName, f), "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToArray();
        var offenders = sources
            .Where(p => Path.GetFileName(p) != "GrainReferences.cs" && File.ReadAllText(p).Contains("GetGrain<", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(root.FullName, p))
            .ToArray();

        Assert.True(sources.Length > 100, $"only {sources.Length} sources found under {root.FullName}");
        Assert.True(offenders.Length == 0, $"GetGrain<T> resolves the grain type on every call; use grains.Reference<T>(key) in: {string.Join(", ", offenders)}");
    }
}
