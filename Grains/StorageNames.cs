namespace Tempo.Grains;

/// <summary>The grain storage providers the grains ask for; the host decides what backs them.</summary>
public static class StorageNames
{
    /// <summary>Durable state of every grain in this service.</summary>
    public const string Default = "tempo";
}
