# syntax=docker/dockerfile:1
# The API image (project Api, assembly Tempo.Api.dll): the HTTP API. In a cluster it runs with Tempo__Mode=Client,
# a thin Orleans client that finds the silos' gateways in the PostgreSQL membership table.
# Build context: the repository root.
#   docker build -f deploy/docker/Api.Dockerfile -t tempo-api:local .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files only, so the package layer is cached until a project file changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Grains.Interfaces/Grains.Interfaces.csproj Grains.Interfaces/
COPY Grains/Grains.csproj Grains/
COPY Hosting/Hosting.csproj Hosting/
COPY Api/Api.csproj Api/
RUN dotnet restore Api/Api.csproj

# The sources the API compiles, and the SQL schema it copies next to the program (sql/): it checks the database's
# query keys against sql/required-query-keys.txt at start-up.
COPY Grains.Interfaces/ Grains.Interfaces/
COPY Grains/ Grains/
COPY Hosting/ Hosting/
COPY deploy/sql/ deploy/sql/
COPY Api/ Api/
RUN dotnet publish Api/Api.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# HTTP on 8080; the URL below replaces the base image's HTTP_PORTS.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS="" \
    ASPNETCORE_ENVIRONMENT=Production

# With one CPU the runtime waits ten times longer before it compiles hot methods optimized; this keeps its usual wait
# (deploy/README.md, "Tiered compilation on one CPU").
ENV DOTNET_TC_DelaySingleProcMultiplier=1

# Collect gen0 every 16 MB allocated, never more often: left to itself, a one-CPU process holding millions of stored
# rows fell into collecting every 3-5 MB, each collection costing nearly as much (deploy/README.md, "Garbage
# collection").
ENV DOTNET_GCgen0size=0x1000000

EXPOSE 8080

# The non-root user of the .NET base images (uid 1654).
USER $APP_UID

ENTRYPOINT ["dotnet", "Tempo.Api.dll"]
