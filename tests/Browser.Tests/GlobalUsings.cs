global using System.Net;
global using Microsoft.Playwright;
global using Tempo.Browser.Tests.Infrastructure;
global using static Microsoft.Playwright.Assertions;
global using Tempo.Grains.Interfaces;
