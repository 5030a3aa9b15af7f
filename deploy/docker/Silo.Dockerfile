# syntax=docker/dockerfile:1
# The silo image (project Silo, assembly Tempo.Silo.dll): hosts the grains. Also runs the schema migration:
#   docker run --rm -e ConnectionStrings__Orleans='Host=...;Database=...;Username=...;Password=...' tempo-silo migrate
# Build context: the repository root.
#   docker build -f deploy/docker/Silo.Dockerfile -t tempo-silo:local .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files only, so the package layer is cached until a project file changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Grains.Interfaces/Grains.Interfaces.csproj Grains.Interfaces/
COPY Grains/Grains.csproj Grains/
COPY Hosting/Hosting.csproj Hosting/
COPY Silo/Silo.csproj Silo/
RUN dotnet restore Silo/Silo.csproj

# The sources the silo compiles: its own, the grains, the shared hosting code (Hosting/),
# and the SQL schema it copies next to the program (sql/) for `migrate`.
COPY Grains.Interfaces/ Grains.Interfaces/
COPY Grains/ Grains/
COPY Hosting/ Hosting/
COPY deploy/sql/ deploy/sql/
COPY Silo/ Silo/
RUN dotnet publish Silo/Silo.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# HTTP (health, and the dashboard when enabled) on 8080; the URL below replaces the base image's HTTP_PORTS.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS="" \
    ASPNETCORE_ENVIRONMENT=Production \
    Tempo__ListenOnAnyHostAddress=true

# With one CPU the runtime waits ten times longer before it compiles hot methods optimized; this keeps its usual wait
# (deploy/README.md, "Tiered compilation on one CPU").
ENV DOTNET_TC_DelaySingleProcMultiplier=1

# Collect gen0 every 16 MB allocated, never more often: left to itself, a one-CPU process holding millions of stored
# rows fell into collecting every 3-5 MB, each collection costing nearly as much (deploy/README.md, "Garbage
# collection").
ENV DOTNET_GCgen0size=0x1000000

# HTTP 8080, silo-to-silo 11111 (Tempo__SiloPort), client gateway 30000 (Tempo__GatewayPort).
EXPOSE 8080 11111 30000

# The non-root user of the .NET base images (uid 1654).
USER $APP_UID

ENTRYPOINT ["dotnet", "Tempo.Silo.dll"]
