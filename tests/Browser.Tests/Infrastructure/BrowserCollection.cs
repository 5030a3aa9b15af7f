namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>
/// Every browser test runs in this one collection, one at a time: one Chromium and one shared server for all,
/// and classes that move the clock or turn sign-in off bring a server of their own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>, ICollectionFixture<TempoServer>
{
    public const string Name = "Browser";
}
