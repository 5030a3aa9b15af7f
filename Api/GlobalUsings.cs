global using System.Collections.Immutable;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Orleans;
global using Tempo.Grains.Interfaces;
