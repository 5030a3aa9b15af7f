using Tempo.Api.Hosting;
using Tempo.Hosting;

return await TempoProcess.RunAsync("tempo-api", args, async () =>
{
    var builder = WebApplication.CreateBuilder(TempoEnvironment.Options(args));
    await TempoProcess.VerifyDatabaseAsync(builder.Configuration);
    builder.AddTempoOrleans();
    builder.AddTempoApi();
    builder.AddTempoOperations("tempo-api");

    var app = builder.Build();
    app.UseTempoApi();
    app.MapTempoHealth();
    app.MapTempoEndpoints();
    await app.RunAsync();
});

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
