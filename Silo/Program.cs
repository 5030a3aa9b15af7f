using Tempo.Grains.Hosting;
using Tempo.Hosting;
using Tempo.Silo;

// `migrate` applies deploy/sql to ConnectionStrings:Orleans and exits; anything else runs the silo.
return await TempoProcess.RunAsync("tempo-silo", args, async () =>
{
    var builder = WebApplication.CreateBuilder(args.Where(a => a != "migrate").ToArray());
    if (args.Contains("migrate"))
    {
        var connectionString = builder.Configuration.GetConnectionString(OrleansHostingOptions.ConnectionStringName)
            ?? throw new OrleansDatabaseException("migrate needs ConnectionStrings:Orleans.");
        foreach (var script in await OrleansDatabase.MigrateAsync(connectionString))
        {
            Console.WriteLine($"applied {script}");
        }

        await OrleansDatabase.VerifyAsync(connectionString);
        Console.WriteLine("the database has every query key the Orleans providers need");
        return;
    }

    await TempoProcess.VerifyDatabaseAsync(builder.Configuration);
    builder.UseOrleans(silo =>
    {
        silo.UseTempoSilo(builder.Configuration);
        DashboardAccess.AddIfEnabled(silo, builder.Configuration);
    });
    builder.AddTempoOperations("tempo-silo");

    var app = builder.Build();
    DashboardAccess.MapIfEnabled(app);
    app.MapTempoHealth();
    await app.RunAsync();
});
