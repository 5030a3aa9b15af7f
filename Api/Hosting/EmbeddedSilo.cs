using Orleans.Hosting;
using Tempo.Grains;
using Tempo.Grains.Hosting;

namespace Tempo.Api.Hosting;

public static class EmbeddedSilo
{
    /// <summary>
    /// The one-process mode: a silo inside the API process, with localhost clustering, in-memory grain storage.
    /// Nothing survives a restart. No gateway is opened: only this process calls its grains.
    /// Ports come from <c>Orleans:SiloPort</c> (default 11111).
    /// </summary>
    public static WebApplicationBuilder AddEmbeddedSilo(this WebApplicationBuilder builder)
    {
        var siloPort = builder.Configuration.GetValue("Orleans:SiloPort", 11111);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: 0);
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.AddTempoGrains();
        });
        return builder;
    }
}
