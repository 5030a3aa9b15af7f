using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Api.Worklogs;

/// <summary>The token scope of the Worklogs namespaces, and the grains that own their data.</summary>
public static class WorklogsScope
{
    public const string Scope = "worklogs";

    public static IWorklogsGrain Worklogs(this IGrainFactory grains) => grains.GetGrain<IWorklogsGrain>(WorklogGrainKeys.Coordinator);

    public static IWorkAttributesGrain WorkAttributes(this IGrainFactory grains) => grains.GetGrain<IWorkAttributesGrain>(WorklogGrainKeys.Default);
}
