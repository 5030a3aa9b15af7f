namespace Tempo.Api.Hosting;

/// <summary>
/// Endpoints contributed from outside this assembly (a plug-in, or a test host proving the gate on routes of
/// its own). Register as a singleton; <see cref="TempoApiPipeline.MapTempoEndpoints"/> maps each one.
/// </summary>
public interface IEndpointModule
{
    void Map(IEndpointRouteBuilder app);
}
