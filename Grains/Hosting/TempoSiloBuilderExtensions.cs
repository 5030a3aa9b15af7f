using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Tokens;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Hosting;

public static class TempoSiloBuilderExtensions
{
    /// <summary>
    /// What every silo of this service needs whatever backs its storage: the scope catalogue, the clock and the
    /// System.Text.Json storage serializer (chosen from the first row written, so stored state never carries
    /// CLR type names).
    /// </summary>
    public static ISiloBuilder AddTempoGrains(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton(ScopeCatalogue.Seed);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddWorklogSeams();
        silo.Services.AddOptions<TokenExpiryReminderOptions>();
        silo.UseSystemTextJsonGrainStorageSerializer();
        return silo;
    }
}
