global using System.Collections.Immutable;
global using Orleans;
global using Tempo.Grains.Interfaces;
global using System.Text.Json.Nodes;
