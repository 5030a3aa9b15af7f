using Tempo.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddEmbeddedSilo();
builder.AddTempoApi();

var app = builder.Build();
app.UseTempoApi();
app.MapTempoEndpoints();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
