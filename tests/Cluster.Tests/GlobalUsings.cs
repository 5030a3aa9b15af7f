global using System.Diagnostics;
global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json.Nodes;
global using Tempo.Grains.Interfaces;
