using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tempo.Api.Auth;
using Tempo.Api.Tokens;
using Tempo.Grains.Hosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tempo.Api.Tests.Deploy;

/// <summary>
/// Keeps deploy/ honest without a Docker engine: parses the Dockerfiles, the compose file, the Kubernetes manifests and
/// the local scripts, and checks their environment variable names against the configuration keys the code reads, and
/// their images, commands, ports, probes, resources and grace periods against the code and each other.
/// </summary>
public sealed class DeployFilesTests
{
    private const string SiloAssembly = "Tempo.Silo.dll";
    private const string ApiAssembly = "Tempo.Api.dll";

    private static readonly string Root = RepoRoot();
    private static readonly string DeployDir = Path.Combine(Root, "deploy");
    private static readonly OrleansHostingOptions Defaults = new();

    // ---- the configuration keys the code reads ------------------------------------------------------------------

    [Fact]
    public void Known_keys_come_from_the_options_classes_and_the_code_that_reads_them()
    {
        var keys = ConfigurationKeys.Known;

        Assert.Contains($"{OrleansHostingOptions.SectionName}:Clustering", keys.Keys);
        Assert.Contains($"{OrleansHostingOptions.SectionName}:Mode", keys.Keys);
        Assert.Contains($"{OrleansHostingOptions.SectionName}:Membership:ProbeTimeout", keys.Keys);
        Assert.Contains($"ConnectionStrings:{OrleansHostingOptions.ConnectionStringName}", keys.Keys);
        Assert.Contains("Tokens:HashKey", keys.Keys);
        Assert.Contains("Authentication:Authority", keys.Keys);
        Assert.Contains("DevSignIn:Enabled", keys.Keys);
        foreach (var (key, file) in ConfigurationKeys.ReadDirectly)
        {
            Assert.True(File.ReadAllText(Path.Combine(Root, file)).Contains($"\"{key}\"", StringComparison.Ordinal),
                $"{file} no longer reads \"{key}\": update ConfigurationKeys.ReadDirectly (and deploy/) to what the code reads now");
        }
    }

    [Fact]
    public void The_host_takes_its_shutdown_timeout_from_shutdownTimeoutSeconds_not_from_a_HostOptions_section()
    {
        Assert.Equal(TimeSpan.FromSeconds(120), EffectiveShutdownTimeout([new("DOTNET_SHUTDOWNTIMEOUTSECONDS", "120")]));
        Assert.Equal(TimeSpan.FromSeconds(45), EffectiveShutdownTimeout([new("shutdownTimeoutSeconds", "45")]));
        // Not bound anywhere: a HostOptions__ShutdownTimeout variable would leave the 30 s default in place.
        Assert.Equal(TimeSpan.FromSeconds(30), EffectiveShutdownTimeout([new("HostOptions__ShutdownTimeout", "00:02:00")]));
    }

    // ---- the checker can fail ----------------------------------------------------------------------------------

    [Fact]
    public void The_checker_flags_names_and_values_the_code_does_not_read()
    {
        var compose = Yaml.Load("""
            services:
              silo:
                image: tempo-silo:local
                environment:
                  Tempo__Clustering: AdoNet
                  Tempo__Clusterring: AdoNet
                  Orleans__GatewayPort: "30000"
                  Tempo__GrainStorage: Postgres
                  Tempo__SiloPort: eleven
                  HostOptions__ShutdownTimeout: "00:02:00"
                  Tokens__HashKey: ${TEMPO_TOKENS_HASH_KEY:?set it}
                  ASPNETCORE_URLS: http://+:8080
            """);

        var problems = ConfigurationKeys.Problems(ComposeEnvironment("silo", compose.Get("services").Get("silo"))).ToList();

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Contains("Tempo__Clusterring", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Orleans__GatewayPort", StringComparison.Ordinal) && p.Contains("Orleans' own", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Tempo__GrainStorage=Postgres", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Tempo__SiloPort=eleven", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("HostOptions__ShutdownTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void The_resource_check_flags_a_cpu_limit()
    {
        var deployment = Yaml.Load("""
            kind: Deployment
            spec:
              template:
                spec:
                  containers:
                    - name: silo
                      resources:
                        requests: { cpu: 500m, memory: 1Gi }
                        limits: { cpu: "1", memory: 1Gi }
            """);

        Assert.Equal(["spec.template.spec.containers[0].resources.limits.cpu"], CpuLimits(deployment, ""));
    }

    // ---- Dockerfiles ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("Silo.Dockerfile", "Silo/Silo.csproj", SiloAssembly)]
    [InlineData("Api.Dockerfile", "Api/Api.csproj", ApiAssembly)]
    public void A_dockerfile_builds_its_project_and_runs_its_assembly(string file, string project, string assembly)
    {
        var docker = Dockerfile.Load(Path.Combine(DeployDir, "docker", file));
        var framework = Regex.Match(File.ReadAllText(Path.Combine(Root, "Directory.Build.props")), @"<TargetFramework>net(\d+\.\d+)</TargetFramework>").Groups[1].Value;

        Assert.Equal($"{AssemblyNameOf(project)}.dll", assembly);
        Assert.Equal(project, docker.PublishedProject);
        Assert.Equal(["dotnet", assembly], docker.Entrypoint);
        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{framework}", docker.BaseImages[0]);
        Assert.Equal($"mcr.microsoft.com/dotnet/aspnet:{framework}", docker.BaseImages[^1]);
        Assert.True(docker.User is { Length: > 0 } user && user is not ("root" or "0"), $"{file}: the runtime stage must switch to a non-root USER");

        foreach (var source in docker.CopySources)
        {
            Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"{file}: COPY {source} does not exist");
        }

        foreach (var needed in PathsTheBuildNeeds(project).Append("Directory.Build.props").Append("Directory.Packages.props"))
        {
            Assert.True(docker.CopySources.Any(s => s.Length == 0 || needed == s || needed.StartsWith(s + "/", StringComparison.Ordinal)),
                $"{file}: the build of {project} needs {needed}, which no COPY brings into the image");
        }

        Assert.Empty(ConfigurationKeys.Problems(docker.Environment.Select(e => new EnvVar($"{file} ENV", e.Key, e.Value))));
        Assert.Contains(UrlPort(docker.Environment), docker.Exposed);
    }

    [Fact]
    public void The_silo_image_exposes_the_ports_the_silo_listens_on()
    {
        var docker = Dockerfile.Load(Path.Combine(DeployDir, "docker", "Silo.Dockerfile"));

        Assert.Equal([UrlPort(docker.Environment), Defaults.SiloPort, Defaults.GatewayPort], docker.Exposed);
        Assert.Equal("true", docker.Environment[$"{OrleansHostingOptions.SectionName}__{nameof(OrleansHostingOptions.ListenOnAnyHostAddress)}"]);
    }

    // ---- docker-compose.yml ------------------------------------------------------------------------------------

    [Fact]
    public void Compose_runs_the_images_its_dockerfiles_build()
    {
        var compose = LoadCompose();
        var built = ComposeImages(compose);

        Assert.Equal(SiloAssembly, Dockerfile.Load(built["tempo-silo"]).Entrypoint[^1]);
        Assert.Equal(ApiAssembly, Dockerfile.Load(built["tempo-api"]).Entrypoint[^1]);
        foreach (var (name, service) in Services(compose))
        {
            var image = service.Get("image").Str();
            Assert.True(image is not null, $"compose service {name} names no image");
            if (ImageRepository(image).StartsWith("tempo", StringComparison.Ordinal))
            {
                Assert.True(built.ContainsKey(ImageRepository(image)), $"compose service {name}: image {image} is built by no service of the file");
                Assert.Null(service.Get("entrypoint"));
            }
        }
    }

    [Fact]
    public void Compose_has_postgres_migrate_three_silos_and_two_client_apis()
    {
        var compose = LoadCompose();
        var services = Services(compose);

        var postgres = services["postgres"];
        Assert.StartsWith("postgres:15", postgres.Get("image").Str());
        Assert.NotEmpty(postgres.Get("volumes").Items());
        Assert.Contains("pg_isready", string.Join(' ', postgres.Get("healthcheck").Get("test").Items().Select(i => i.Str())), StringComparison.Ordinal);
        Assert.Contains("min_wal_size=1GB", postgres.Get("command").Items().Select(i => i.Str()));

        var migrate = Assert.Single(services, s => RunsMigrate(compose, s.Value));
        Assert.Equal("no", migrate.Value.Get("restart").Str());
        Assert.Equal("service_healthy", migrate.Value.Get("depends_on").Get("postgres").Get("condition").Str());

        var silos = services.Where(s => AssemblyOf(compose, s.Value) == SiloAssembly && !RunsMigrate(compose, s.Value)).ToList();
        Assert.Equal(3, silos.Count);
        foreach (var (name, silo) in silos)
        {
            Assert.True(silo.Get("command") is null, $"compose service {name}: a silo runs the image's entrypoint without a command");
            Assert.Equal("service_completed_successfully", silo.Get("depends_on").Get(migrate.Key).Get("condition").Str());
            var env = EffectiveComposeEnvironment(compose, silo);
            foreach (var provider in new[] { "Clustering", "GrainStorage", "Reminders" })
            {
                Assert.Equal(nameof(ProviderKind.AdoNet), env[Key(provider)]);
            }

            Assert.Equal("true", env[Key(nameof(OrleansHostingOptions.ListenOnAnyHostAddress))]);
        }

        var apis = services.Where(s => AssemblyOf(compose, s.Value) == ApiAssembly).ToList();
        Assert.Equal(2, apis.Count);
        var published = new List<string>();
        foreach (var (name, api) in apis)
        {
            var env = EffectiveComposeEnvironment(compose, api);
            Assert.Equal("Client", env[Key(nameof(OrleansHostingOptions.Mode))]);
            Assert.Equal("false", env["DevSignIn__Enabled"]);
            Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);
            var port = Assert.Single(api.Get("ports").Items()).Str()!.Split(':');
            Assert.True(port[^1] == UrlPort(env).ToString(CultureInfo.InvariantCulture), $"compose service {name} publishes container port {port[^1]}, but listens on {env["ASPNETCORE_URLS"]}");
            published.Add(port[^2]);
        }

        Assert.Equal(["8080", "8081"], published.Order());
    }

    [Fact]
    public void Compose_environment_names_are_configuration_keys_the_code_reads()
    {
        var compose = LoadCompose();

        var problems = Services(compose)
            .Where(s => AssemblyOf(compose, s.Value) is not null)
            .SelectMany(s => ConfigurationKeys.Problems(ComposeEnvironment(s.Key, s.Value)))
            .ToList();

        Assert.Empty(problems);
    }

    [Fact]
    public void Compose_silos_advertise_their_own_static_address_on_the_subnet()
    {
        var compose = LoadCompose();
        var addresses = new HashSet<IPAddress>();

        foreach (var (name, silo) in Services(compose).Where(s => AssemblyOf(compose, s.Value) == SiloAssembly && !RunsMigrate(compose, s.Value)))
        {
            var advertised = EffectiveComposeEnvironment(compose, silo)[Key(nameof(OrleansHostingOptions.AdvertisedIP))];
            Assert.True(IPAddress.TryParse(advertised, out var address), $"compose service {name}: {Key("AdvertisedIP")}={advertised} is not an IP address");
            var (network, settings) = Assert.Single(silo.Get("networks").Entries());
            Assert.Equal(advertised, settings.Get("ipv4_address").Str());
            var subnet = Assert.Single(compose.Get("networks").Get(network).Get("ipam").Get("config").Items()).Get("subnet").Str()!;
            Assert.True(IPNetwork.Parse(subnet).Contains(address), $"compose service {name}: {advertised} is outside {network}'s subnet {subnet}");
            Assert.True(addresses.Add(address), $"compose service {name}: {advertised} is advertised by another silo too");
        }
    }

    [Fact]
    public void Compose_ports_healthchecks_and_grace_periods_agree_with_the_code()
    {
        var compose = LoadCompose();
        var siloImage = Dockerfile.Load(ComposeImages(compose)["tempo-silo"]);

        foreach (var (name, service) in Services(compose).Where(s => AssemblyOf(compose, s.Value) is not null && !RunsMigrate(compose, s.Value)))
        {
            var env = EffectiveComposeEnvironment(compose, service);
            var check = string.Join(' ', service.Get("healthcheck").Get("test").Items().Select(i => i.Str()));
            Assert.Contains("/health/ready", check, StringComparison.Ordinal);
            Assert.Contains($"/{UrlPort(env)}", check, StringComparison.Ordinal);

            var grace = ComposeDuration(service.Get("stop_grace_period").Str() ?? "10s");
            var shutdown = EffectiveShutdownTimeout(env.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)));
            Assert.True(grace > shutdown, $"compose service {name}: stop_grace_period {grace} must exceed the host's shutdown timeout {shutdown}");

            if (AssemblyOf(compose, service) == SiloAssembly)
            {
                Assert.Contains(int.Parse(env[Key("SiloPort")], CultureInfo.InvariantCulture), siloImage.Exposed);
                Assert.Contains(int.Parse(env[Key("GatewayPort")], CultureInfo.InvariantCulture), siloImage.Exposed);
            }
        }
    }

    [Fact]
    public void Compose_takes_secrets_from_the_environment_of_the_operator()
    {
        var compose = LoadCompose();

        foreach (var (name, api) in Services(compose).Where(s => AssemblyOf(compose, s.Value) == ApiAssembly))
        {
            Assert.Matches(@"^\$\{[A-Z0-9_]+:\?[^}]+\}$", EffectiveComposeEnvironment(compose, api)["Tokens__HashKey"]);
        }

        foreach (var (name, service) in Services(compose).Where(s => AssemblyOf(compose, s.Value) is not null))
        {
            Assert.Contains("Password=${", EffectiveComposeEnvironment(compose, service)["ConnectionStrings__Orleans"], StringComparison.Ordinal);
        }

        Assert.Empty(CpuLimits(compose, "docker-compose.yml "));
    }

    // ---- Kubernetes -------------------------------------------------------------------------------------------

    [Fact]
    public void Manifests_are_namespace_less_and_of_the_expected_kinds()
    {
        var manifests = Kubernetes.Load();

        foreach (var manifest in manifests.All)
        {
            Assert.True(manifest.Document.Get("metadata").Get("namespace") is null, $"{manifest.File}: manifests carry no namespace (kubectl apply -n chooses it)");
        }

        Assert.Equal(
            ["ConfigMap", "Deployment", "Deployment", "Job", "PodDisruptionBudget", "Secret", "Service"],
            manifests.All.Select(m => m.Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Kubernetes_environment_names_are_configuration_keys_the_code_reads()
    {
        var k8s = Kubernetes.Load();
        var config = k8s.ConfigMap;
        var secret = k8s.Secret;
        var vars = new List<EnvVar>();
        vars.AddRange(config.Document.Get("data").Entries().Select(e => new EnvVar($"{config.File} data", e.Key, e.Value.Str())));
        vars.AddRange(secret.Document.Get("stringData").Entries().Select(e => new EnvVar($"{secret.File} stringData", e.Key, null)));

        foreach (var (workload, container) in k8s.Containers())
        {
            var where = $"{workload.File} container {container.Get("name").Str()}";
            foreach (var from in container.Get("envFrom").Items())
            {
                if (from.Get("configMapRef") is { } configRef)
                {
                    Assert.Equal(config.Name, configRef.Get("name").Str());
                }

                if (from.Get("secretRef") is { } secretRef)
                {
                    Assert.Equal(secret.Name, secretRef.Get("name").Str());
                }
            }

            foreach (var env in container.Get("env").Items())
            {
                var name = env.Get("name").Str()!;
                vars.Add(new EnvVar(where, name, env.Get("value").Str()));
                var valueFrom = env.Get("valueFrom");
                if (valueFrom.Get("configMapKeyRef") is { } configKey)
                {
                    Assert.Equal(config.Name, configKey.Get("name").Str());
                    Assert.True(config.Document.Get("data").Get(configKey.Get("key").Str()!) is not null, $"{where}: {name} refers to ConfigMap key {configKey.Get("key").Str()}, which it lacks");
                }

                if (valueFrom.Get("secretKeyRef") is { } secretKey)
                {
                    Assert.Equal(secret.Name, secretKey.Get("name").Str());
                    Assert.True(secret.Document.Get("stringData").Get(secretKey.Get("key").Str()!) is not null, $"{where}: {name} refers to Secret key {secretKey.Get("key").Str()}, which the template lacks");
                }
            }
        }

        Assert.Empty(ConfigurationKeys.Problems(vars));
    }

    [Fact]
    public void The_secret_template_holds_placeholders_only()
    {
        var secret = Kubernetes.Load().Secret;

        Assert.Null(secret.Document.Get("data"));
        foreach (var (key, value) in secret.Document.Get("stringData").Entries())
        {
            Assert.True(value.Str()!.Contains("CHANGE-ME", StringComparison.Ordinal), $"{secret.File}: {key} must be a CHANGE-ME placeholder, never a real value");
        }
    }

    [Fact]
    public void Kubernetes_runs_the_images_and_commands_of_the_dockerfiles()
    {
        var k8s = Kubernetes.Load();
        var built = ComposeImages(LoadCompose());

        var images = new Dictionary<string, string>();
        foreach (var (workload, container) in k8s.Containers())
        {
            var image = container.Get("image").Str()!;
            Assert.True(built.TryGetValue(ImageRepository(image), out var dockerfile), $"{workload.File}: image {image} is none of the images deploy/ builds ({string.Join(", ", built.Keys)})");
            Assert.True(container.Get("command") is null, $"{workload.File}: keep the image's entrypoint (dotnet {Dockerfile.Load(dockerfile).Entrypoint[^1]})");
            images[workload.Name] = image;
            var assembly = Dockerfile.Load(dockerfile).Entrypoint[^1];
            var args = container.Get("args").Items().Select(a => a.Str() ?? "").ToArray();
            switch (workload.Kind)
            {
                case "Job":
                    Assert.Equal(SiloAssembly, assembly);
                    Assert.Equal(["migrate"], args);
                    Assert.Contains(workload.PodSpec.Get("restartPolicy").Str(), new[] { "Never", "OnFailure" });
                    break;
                case "Deployment":
                    Assert.Empty(args);
                    Assert.Equal(workload.Name == k8s.Silo.Name ? SiloAssembly : ApiAssembly, assembly);
                    break;
            }
        }

        Assert.Equal(images[k8s.Silo.Name], images[k8s.Job.Name]);
    }

    [Fact]
    public void The_silo_deployment_advertises_the_pod_ip_and_opens_the_configured_ports()
    {
        var k8s = Kubernetes.Load();
        var silo = k8s.Silo;
        var container = Assert.Single(silo.PodSpec.Get("containers").Items());
        var env = k8s.EffectiveEnvironment(container, ComposeImages(LoadCompose()));

        Assert.Equal("3", silo.Document.Get("spec").Get("replicas").Str());
        Assert.Equal("status.podIP", container.Get("env").Items().Single(e => e.Get("name").Str() == Key("AdvertisedIP")).Get("valueFrom").Get("fieldRef").Get("fieldPath").Str());
        Assert.Equal("true", env[Key("ListenOnAnyHostAddress")]);
        foreach (var provider in new[] { "Clustering", "GrainStorage", "Reminders" })
        {
            Assert.Equal(nameof(ProviderKind.AdoNet), env[Key(provider)]);
        }

        Assert.Equal(UrlPort(env), ContainerPort(container, "http"));
        Assert.Equal(int.Parse(env[Key("SiloPort")], CultureInfo.InvariantCulture), ContainerPort(container, "silo"));
        Assert.Equal(int.Parse(env[Key("GatewayPort")], CultureInfo.InvariantCulture), ContainerPort(container, "gateway"));
        Assert.Equal([8080, Defaults.SiloPort, Defaults.GatewayPort], container.Get("ports").Items().Select(p => int.Parse(p.Get("containerPort").Str()!, CultureInfo.InvariantCulture)));
        Assert.Equal(Dockerfile.Load(Path.Combine(DeployDir, "docker", "Silo.Dockerfile")).Exposed, container.Get("ports").Items().Select(p => int.Parse(p.Get("containerPort").Str()!, CultureInfo.InvariantCulture)));

        var rolling = silo.Document.Get("spec").Get("strategy").Get("rollingUpdate");
        Assert.Equal("0", rolling.Get("maxUnavailable").Str());
        Assert.Equal("1", rolling.Get("maxSurge").Str());
    }

    [Fact]
    public void The_api_deployment_is_a_client_behind_its_service()
    {
        var k8s = Kubernetes.Load();
        var api = k8s.Api;
        var container = Assert.Single(api.PodSpec.Get("containers").Items());
        var env = k8s.EffectiveEnvironment(container, ComposeImages(LoadCompose()));

        Assert.Equal("2", api.Document.Get("spec").Get("replicas").Str());
        Assert.Equal("Client", env[Key(nameof(OrleansHostingOptions.Mode))]);
        Assert.Equal("false", env["DevSignIn__Enabled"]);
        Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal(UrlPort(env), ContainerPort(container, "http"));

        var service = k8s.Service;
        Assert.True(Selects(service.Document.Get("spec").Get("selector"), api.PodLabels), $"{service.File}: the selector does not match the API pods' labels");
        Assert.False(Selects(service.Document.Get("spec").Get("selector"), k8s.Silo.PodLabels), $"{service.File}: the selector also matches the silo pods");
        var port = Assert.Single(service.Document.Get("spec").Get("ports").Items());
        Assert.Equal("80", port.Get("port").Str());
        Assert.Equal(UrlPort(env), ResolvePort(container, port.Get("targetPort").Str()!));
    }

    [Fact]
    public void Probes_use_the_health_endpoints_on_the_http_port()
    {
        var k8s = Kubernetes.Load();

        foreach (var workload in new[] { k8s.Silo, k8s.Api })
        {
            var container = Assert.Single(workload.PodSpec.Get("containers").Items());
            var env = k8s.EffectiveEnvironment(container, ComposeImages(LoadCompose()));
            foreach (var (probe, path) in new[] { ("startupProbe", "/health/ready"), ("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live") })
            {
                var get = container.Get(probe).Get("httpGet");
                Assert.True(get is not null, $"{workload.File}: {probe} is missing or not an httpGet");
                Assert.Equal(path, get.Get("path").Str());
                Assert.Equal(UrlPort(env), ResolvePort(container, get.Get("port").Str()!));
            }
        }
    }

    [Fact]
    public void Pods_have_a_cpu_request_a_memory_limit_and_no_cpu_limit()
    {
        var k8s = Kubernetes.Load();

        foreach (var (workload, container) in k8s.Containers())
        {
            var resources = container.Get("resources");
            Assert.True(resources.Get("requests").Get("cpu") is not null, $"{workload.File}: no CPU request");
            Assert.True(resources.Get("limits").Get("memory") is not null, $"{workload.File}: no memory limit");
            Assert.Equal("false", workload.PodSpec.Get("automountServiceAccountToken").Str());
            Assert.Equal("true", workload.PodSpec.Get("securityContext").Get("runAsNonRoot").Str());
        }

        Assert.Empty(k8s.All.SelectMany(m => CpuLimits(m.Document, m.File + " ")));
    }

    [Fact]
    public void Termination_grace_periods_exceed_the_shutdown_timeouts()
    {
        var k8s = Kubernetes.Load();
        var images = ComposeImages(LoadCompose());

        foreach (var workload in new[] { k8s.Silo, k8s.Api })
        {
            var container = Assert.Single(workload.PodSpec.Get("containers").Items());
            var shutdown = EffectiveShutdownTimeout(k8s.EffectiveEnvironment(container, images).Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)));
            var preStop = container.Get("lifecycle").Get("preStop");
            var pause = TimeSpan.FromSeconds(int.Parse(
                preStop.Get("sleep").Get("seconds").Str()
                ?? (preStop.Get("exec").Get("command").Items().Select(c => c.Str()).ToArray() is ["sleep", var seconds] ? seconds : null)
                ?? "0",
                CultureInfo.InvariantCulture));
            var grace = TimeSpan.FromSeconds(int.Parse(workload.PodSpec.Get("terminationGracePeriodSeconds").Str() ?? "30", CultureInfo.InvariantCulture));

            Assert.True(grace > pause + shutdown, $"{workload.File}: terminationGracePeriodSeconds {grace.TotalSeconds} must exceed preStop {pause.TotalSeconds} s + shutdown timeout {shutdown.TotalSeconds} s");
        }

        Assert.Equal(TimeSpan.FromSeconds(120), EffectiveShutdownTimeout(k8s.EffectiveEnvironment(
            Assert.Single(k8s.Silo.PodSpec.Get("containers").Items()), images).Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))));
    }

    [Fact]
    public void The_disruption_budget_keeps_two_silos()
    {
        var k8s = Kubernetes.Load();
        var pdb = k8s.All.Single(m => m.Kind == "PodDisruptionBudget");
        var selector = pdb.Document.Get("spec").Get("selector").Get("matchLabels");

        Assert.Equal("2", pdb.Document.Get("spec").Get("minAvailable").Str());
        Assert.True(Selects(selector, k8s.Silo.PodLabels), $"{pdb.File}: the selector does not match the silo pods' labels");
        Assert.False(Selects(selector, k8s.Api.PodLabels), $"{pdb.File}: the selector also matches the API pods");
        Assert.True(Selects(k8s.Silo.Document.Get("spec").Get("selector").Get("matchLabels"), k8s.Silo.PodLabels));
        Assert.True(Selects(k8s.Api.Document.Get("spec").Get("selector").Get("matchLabels"), k8s.Api.PodLabels));
    }

    // ---- local scripts ------------------------------------------------------------------------------------------

    [Fact]
    public void The_local_scripts_use_known_names_and_run_both_assemblies()
    {
        var start = File.ReadAllText(Path.Combine(DeployDir, "local", "start.sh"));
        var stop = File.ReadAllText(Path.Combine(DeployDir, "local", "stop.sh"));

        var names = Regex.Matches(start, @"(?<![\w$])((?:ASPNETCORE_|DOTNET_)[A-Z_]+|[A-Za-z][A-Za-z0-9]*(?:__[A-Za-z0-9]+)+)=")
            .Select(m => new EnvVar("deploy/local/start.sh", m.Groups[1].Value, null))
            .ToList();
        Assert.Contains(names, n => n.Name == Key("Mode"));
        Assert.Empty(ConfigurationKeys.Problems(names));

        foreach (var needle in new[] { SiloAssembly, ApiAssembly, " migrate", "/health/ready", "runuser -u postgres", "initdb", "pg_ctl" })
        {
            Assert.Contains(needle, start, StringComparison.Ordinal);
        }

        Assert.Contains(SiloAssembly, stop, StringComparison.Ordinal);
        Assert.Contains(ApiAssembly, stop, StringComparison.Ordinal);
        Assert.Contains("kill -TERM", stop, StringComparison.Ordinal);
        Assert.Contains(".run/", File.ReadAllLines(Path.Combine(DeployDir, "local", ".gitignore")));
    }

    /// <summary>
    /// The runtime knobs every process of the deployment runs with (deploy/README.md says why each): the usual tiering
    /// wait on one CPU, and a gen0 budget of at least 16 MB. The images, every launch of the local script and the
    /// benchmark's API processes set the same values, so what the benchmark measures is what ships.
    /// </summary>
    public static TheoryData<string, string> ShippedRuntimeKnobs => new()
    {
        { "DOTNET_TC_DelaySingleProcMultiplier", "1" },
        { "DOTNET_GCgen0size", "0x1000000" },
    };

    [Theory]
    [MemberData(nameof(ShippedRuntimeKnobs))]
    public void The_images_the_local_script_and_the_benchmark_set_the_same_runtime_knob(string knob, string value)
    {
        foreach (var file in new[] { "Api.Dockerfile", "Silo.Dockerfile" })
        {
            Assert.Equal(value, Dockerfile.Load(Path.Combine(DeployDir, "docker", file)).Environment.GetValueOrDefault(knob));
        }

        // Every launch of deploy/local/start.sh (the silos' and the APIs') sets it.
        var start = File.ReadAllText(Path.Combine(DeployDir, "local", "start.sh"));
        var launches = Regex.Matches(start, @"^\s*launch ""(?:[^\n\\]|\\\n|\\(?!\n))*", RegexOptions.Multiline).Select(m => m.Value).ToList();
        Assert.Equal(2, launches.Count);
        Assert.All(launches, launch => Assert.Contains($"{knob}={value}", launch, StringComparison.Ordinal));

        // The benchmark runs its API processes with the images' settings.
        var bench = File.ReadAllText(Path.Combine(Root, "bench", "Gate.Bench", "ApiProcess.cs"));
        Assert.Contains($"(\"{knob}\", \"{value}\")", bench, StringComparison.Ordinal);

        // The deployment guide names it.
        Assert.Contains($"`{knob}`", File.ReadAllText(Path.Combine(DeployDir, "README.md")), StringComparison.Ordinal);

        // A value the runtime cannot read is flagged like any other.
        Assert.Single(ConfigurationKeys.Problems([new EnvVar("test", knob, "one")]));
        Assert.Empty(ConfigurationKeys.Problems([new EnvVar("test", knob, value)]));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static string Key(string property) => $"{OrleansHostingOptions.SectionName}__{property}";

    private static Dictionary<string, object?> LoadCompose() => Yaml.Load(File.ReadAllText(Path.Combine(DeployDir, "docker-compose.yml")));

    private static Dictionary<string, Dictionary<string, object?>> Services(Dictionary<string, object?> compose) =>
        compose.Get("services").Entries().ToDictionary(e => e.Key, e => (Dictionary<string, object?>)e.Value!);

    /// <summary>Image repository (tempo-silo) → the Dockerfile a compose service builds it from.</summary>
    private static Dictionary<string, string> ComposeImages(Dictionary<string, object?> compose)
    {
        var images = new Dictionary<string, string>();
        foreach (var (name, service) in Services(compose))
        {
            if (service.Get("build") is not { } build)
            {
                continue;
            }

            var dockerfile = Path.GetFullPath(Path.Combine(DeployDir, build.Get("context").Str() ?? ".", build.Get("dockerfile").Str() ?? "Dockerfile"));
            Assert.True(File.Exists(dockerfile), $"compose service {name} builds from {dockerfile}, which does not exist");
            Assert.Equal(Root, Path.GetFullPath(Path.Combine(DeployDir, build.Get("context").Str()!)).TrimEnd('/'));
            var image = service.Get("image").Str();
            Assert.True(image is not null, $"compose service {name} builds an image without naming it");
            images[ImageRepository(image)] = dockerfile;
        }

        return images;
    }

    private static string? AssemblyOf(Dictionary<string, object?> compose, Dictionary<string, object?> service) =>
        service.Get("image").Str() is { } image && ComposeImages(compose).TryGetValue(ImageRepository(image), out var dockerfile)
            ? Dockerfile.Load(dockerfile).Entrypoint[^1]
            : null;

    private static bool RunsMigrate(Dictionary<string, object?> compose, Dictionary<string, object?> service) =>
        AssemblyOf(compose, service) == SiloAssembly
        && (service.Get("command") is List<object?> list ? list.Select(i => i.Str()).SequenceEqual(["migrate"]) : service.Get("command").Str() == "migrate");

    private static IEnumerable<EnvVar> ComposeEnvironment(string name, object? service)
    {
        var where = $"docker-compose.yml services.{name}";
        return service.Get("environment") switch
        {
            Dictionary<string, object?> map => map.Select(e => new EnvVar(where, e.Key, e.Value.Str())),
            List<object?> list => list.Select(i => i.Str()!.Split('=', 2)).Select(p => new EnvVar(where, p[0], p.Length > 1 ? p[1] : null)),
            _ => [],
        };
    }

    /// <summary>The image's ENV overlaid by the service's environment.</summary>
    private static Dictionary<string, string> EffectiveComposeEnvironment(Dictionary<string, object?> compose, Dictionary<string, object?> service)
    {
        var env = Dockerfile.Load(ComposeImages(compose)[ImageRepository(service.Get("image").Str()!)]).Environment.ToDictionary();
        foreach (var variable in ComposeEnvironment("", service))
        {
            env[variable.Name] = variable.Value ?? "";
        }

        return env;
    }

    private static string ImageRepository(string image)
    {
        // Compose interpolation in the tag (tempo-silo:${TEMPO_TAG:-local}) stands for some tag.
        var withoutTag = Regex.Replace(Regex.Replace(image, @"\$\{[^}]*\}", "tag"), @":[^/:]+$", "");
        return withoutTag[(withoutTag.LastIndexOf('/') + 1)..];
    }

    private static int UrlPort(IReadOnlyDictionary<string, string> env)
    {
        var urls = env.GetValueOrDefault("ASPNETCORE_URLS");
        Assert.False(string.IsNullOrEmpty(urls), "ASPNETCORE_URLS is not set");
        var ports = urls.Split(';').Select(u => int.Parse(Regex.Match(u, @":(\d+)/?$").Groups[1].Value, CultureInfo.InvariantCulture)).Distinct();
        return Assert.Single(ports);
    }

    private static int ContainerPort(object? container, string name) =>
        int.Parse(container.Get("ports").Items().Single(p => p.Get("name").Str() == name).Get("containerPort").Str()!, CultureInfo.InvariantCulture);

    private static int ResolvePort(object? container, string port) =>
        int.TryParse(port, CultureInfo.InvariantCulture, out var number) ? number : ContainerPort(container, port);

    private static bool Selects(object? selector, IReadOnlyDictionary<string, string?> labels)
    {
        var entries = selector.Entries().ToList();
        return entries.Count > 0 && entries.All(e => labels.TryGetValue(e.Key, out var value) && value == e.Value.Str());
    }

    /// <summary>Every <c>limits</c> mapping that limits CPU (Kubernetes <c>cpu</c>, compose <c>cpus</c>), by path.</summary>
    private static IEnumerable<string> CpuLimits(object? node, string where, string path = "")
    {
        switch (node)
        {
            case Dictionary<string, object?> map:
                foreach (var (key, value) in map)
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (key == "limits" && value is Dictionary<string, object?> limits)
                    {
                        foreach (var cpu in limits.Keys.Where(k => k is "cpu" or "cpus"))
                        {
                            yield return $"{where}{child}.{cpu}";
                        }
                    }

                    foreach (var found in CpuLimits(value, where, child))
                    {
                        yield return found;
                    }
                }

                break;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    foreach (var found in CpuLimits(list[i], where, $"{path}[{i}]"))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    /// <summary>Compose durations: 150s, 2m30s, 1m, 500ms.</summary>
    private static TimeSpan ComposeDuration(string text)
    {
        var parts = Regex.Matches(text, @"(\d+)(ms|us|h|m|s)");
        Assert.True(parts.Sum(p => p.Length) == text.Length, $"not a compose duration: {text}");
        return parts.Aggregate(TimeSpan.Zero, (total, p) => total + (p.Groups[2].Value switch
        {
            "h" => TimeSpan.FromHours(int.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture)),
            "m" => TimeSpan.FromMinutes(int.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture)),
            "s" => TimeSpan.FromSeconds(int.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture)),
            "ms" => TimeSpan.FromMilliseconds(int.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture)),
            _ => TimeSpan.FromMicroseconds(int.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture)),
        }));
    }

    /// <summary>The shutdown timeout a real .NET host ends up with, given these environment variables.</summary>
    private static TimeSpan EffectiveShutdownTimeout(IEnumerable<KeyValuePair<string, string?>> environment)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(ConfigurationKeys.KeyOf(e.Key), e.Value)));
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
    }

    private static string AssemblyNameOf(string project) =>
        XDocument.Load(Path.Combine(Root, project)).Descendants("AssemblyName").Single().Value;

    /// <summary>Repository-relative folders and files a project's build reads: its folder, its project references', linked items.</summary>
    private static IEnumerable<string> PathsTheBuildNeeds(string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([Path.Combine(Root, project)]);
        while (pending.TryDequeue(out var file))
        {
            var folder = Path.GetDirectoryName(file)!;
            if (!found.Add(Path.GetRelativePath(Root, folder)))
            {
                continue;
            }

            foreach (var item in XDocument.Load(file).Descendants().Where(e => e.Attribute("Include") is not null))
            {
                foreach (var include in item.Attribute("Include")!.Value.Split(';').Select(i => i.Trim().Replace('\\', '/')).Where(i => i.StartsWith("../", StringComparison.Ordinal)))
                {
                    var full = Path.GetFullPath(Path.Combine(folder, include));
                    if (item.Name.LocalName == "ProjectReference")
                    {
                        pending.Enqueue(full);
                    }
                    else
                    {
                        found.Add(Path.GetRelativePath(Root, Path.GetDirectoryName(full)!));
                    }
                }
            }
        }

        return found;
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tempo.Orleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Tempo.Orleans.sln not found above " + AppContext.BaseDirectory);
    }

    // ---- Kubernetes manifests -------------------------------------------------------------------------------------

    private sealed record Manifest(string File, Dictionary<string, object?> Document)
    {
        public string Kind => Document.Get("kind").Str()!;

        public string Name => Document.Get("metadata").Get("name").Str()!;

        public object? PodSpec => Kind == "Job" || Kind == "Deployment" ? Document.Get("spec").Get("template").Get("spec") : null;

        public IReadOnlyDictionary<string, string?> PodLabels =>
            Document.Get("spec").Get("template").Get("metadata").Get("labels").Entries().ToDictionary(e => e.Key, e => e.Value.Str());
    }

    private sealed class Kubernetes
    {
        private Kubernetes(List<Manifest> all) => All = all;

        public List<Manifest> All { get; }

        public Manifest ConfigMap => All.Single(m => m.Kind == "ConfigMap");

        public Manifest Secret => All.Single(m => m.Kind == "Secret");

        public Manifest Job => All.Single(m => m.Kind == "Job");

        public Manifest Service => All.Single(m => m.Kind == "Service");

        public Manifest Silo => All.Single(m => m is { Kind: "Deployment", File: "silo-deployment.yaml" });

        public Manifest Api => All.Single(m => m is { Kind: "Deployment", File: "api-deployment.yaml" });

        public static Kubernetes Load() => new([
            .. Directory.GetFiles(Path.Combine(DeployDir, "kubernetes"), "*.yaml").Order(StringComparer.Ordinal)
                .SelectMany(file => Yaml.LoadAll(File.ReadAllText(file)).Select(d => new Manifest(Path.GetFileName(file), (Dictionary<string, object?>)d!))),
        ]);

        public IEnumerable<(Manifest Workload, object? Container)> Containers() =>
            All.Where(m => m.PodSpec is not null).SelectMany(m => m.PodSpec.Get("containers").Items().Select(c => (m, c)));

        /// <summary>
        /// What the process sees: the image's ENV, overlaid by envFrom (the ConfigMap; Secret values are placeholders and
        /// left out), overlaid by env values (valueFrom entries count as set, with the referenced ConfigMap value if any).
        /// </summary>
        public Dictionary<string, string> EffectiveEnvironment(object? container, IReadOnlyDictionary<string, string> images)
        {
            var env = Dockerfile.Load(images[ImageRepository(container.Get("image").Str()!)]).Environment.ToDictionary();
            if (container.Get("envFrom").Items().Any(f => f.Get("configMapRef").Get("name").Str() == ConfigMap.Name))
            {
                foreach (var (key, value) in ConfigMap.Document.Get("data").Entries())
                {
                    env[key] = value.Str() ?? "";
                }
            }

            foreach (var variable in container.Get("env").Items())
            {
                var configKey = variable.Get("valueFrom").Get("configMapKeyRef").Get("key").Str();
                env[variable.Get("name").Str()!] = variable.Get("value").Str()
                    ?? (configKey is null ? "(valueFrom)" : ConfigMap.Document.Get("data").Get(configKey).Str() ?? "");
            }

            return env;
        }
    }

    // ---- Dockerfile ---------------------------------------------------------------------------------------------

    private sealed class Dockerfile
    {
        public List<string> BaseImages { get; } = [];

        /// <summary>Repository-relative sources of COPY instructions from the build context (not --from a stage).</summary>
        public List<string> CopySources { get; } = [];

        public string? PublishedProject { get; private set; }

        /// <summary>The final stage's.</summary>
        public Dictionary<string, string> Environment { get; } = [];

        public List<int> Exposed { get; } = [];

        public string[] Entrypoint { get; private set; } = [];

        public string? User { get; private set; }

        public static Dockerfile Load(string path)
        {
            var docker = new Dockerfile();
            var text = Regex.Replace(File.ReadAllText(path), @"\\\r?\n", " ");
            foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var (instruction, args) = (line.Split(' ', 2)[0].ToUpperInvariant(), line.Split(' ', 2).ElementAtOrDefault(1)?.Trim() ?? "");
                switch (instruction)
                {
                    case "FROM":
                        docker.BaseImages.Add(args.Split(' ')[0]);
                        docker.Environment.Clear();
                        docker.Exposed.Clear();
                        docker.User = null;
                        break;
                    case "COPY" when !args.Contains("--from", StringComparison.Ordinal):
                        var parts = args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToArray();
                        docker.CopySources.AddRange(parts[..^1].Select(p => p.TrimEnd('/') is "." or "" ? "" : p.StartsWith("./", StringComparison.Ordinal) ? p[2..].TrimEnd('/') : p.TrimEnd('/')));
                        break;
                    case "RUN" when Regex.Match(args, @"dotnet publish (\S+\.csproj)") is { Success: true } publish:
                        docker.PublishedProject = publish.Groups[1].Value;
                        break;
                    case "ENV":
                        foreach (Match pair in Regex.Matches(args, @"([A-Za-z_][A-Za-z0-9_]*)=(""[^""]*""|\S*)"))
                        {
                            docker.Environment[pair.Groups[1].Value] = pair.Groups[2].Value.Trim('"');
                        }

                        break;
                    case "EXPOSE":
                        docker.Exposed.AddRange(args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p.Split('/')[0], CultureInfo.InvariantCulture)));
                        break;
                    case "USER":
                        docker.User = args;
                        break;
                    case "ENTRYPOINT":
                        docker.Entrypoint = JsonSerializer.Deserialize<string[]>(args) ?? [];
                        break;
                }
            }

            return docker;
        }
    }
}

/// <summary>An environment variable some deployment file sets (value null when it comes from elsewhere).</summary>
internal sealed record EnvVar(string Where, string Name, string? Value);

/// <summary>
/// The configuration keys the code reads, with the type each value must convert to: the options classes' properties
/// (by reflection), the keys the code reads by name, and the host's own keys.
/// </summary>
internal static class ConfigurationKeys
{
    /// <summary>Keys read by name rather than through an options class, and the file that reads each.</summary>
    public static readonly (string Key, string File)[] ReadDirectly =
    [
        ("Dashboard:Enabled", "Silo/DashboardAccess.cs"),
        ("Dashboard:Username", "Silo/DashboardAccess.cs"),
        ("Dashboard:Password", "Silo/DashboardAccess.cs"),
        ("OpenTelemetry:OtlpEndpoint", "Hosting/OperationsHosting.cs"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "Hosting/OperationsHosting.cs"),
        ("Api:PublicBaseUrl", "Api/Security/PublicBaseUrl.cs"),
    ];

    /// <summary>
    /// Runtime knobs: read by the .NET runtime itself from the environment, not configuration keys, with the type of
    /// their value (deploy/README.md says why each is set).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Type> RuntimeKnobs = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["DOTNET_TC_DelaySingleProcMultiplier"] = typeof(int),
        // Hexadecimal bytes, as every DOTNET_GC* number; "0x1000000" is 16 MB.
        ["DOTNET_GCgen0size"] = typeof(int),
    };

    /// <summary>Environment variable prefixes the .NET host strips into host configuration keys.</summary>
    private static readonly string[] HostPrefixes = ["ASPNETCORE_", "DOTNET_"];

    public static readonly IReadOnlyDictionary<string, Type> Known = Build();

    /// <summary>ASP.NET Core configuration: <c>__</c> stands for <c>:</c>; ASPNETCORE_/DOTNET_ prefixes are stripped.</summary>
    public static string KeyOf(string name)
    {
        foreach (var prefix in HostPrefixes.Where(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            name = name[prefix.Length..];
        }

        return name.Replace("__", ":", StringComparison.Ordinal);
    }

    /// <summary>One line per variable whose name is no key the code reads, or whose literal value its type rejects.</summary>
    public static IEnumerable<string> Problems(IEnumerable<EnvVar> variables)
    {
        foreach (var variable in variables)
        {
            var key = KeyOf(variable.Name);
            if (RuntimeKnobs.TryGetValue(variable.Name, out var knob))
            {
                if (variable.Value is { } setting && !Converts(knob, setting))
                {
                    yield return $"{variable.Where}: {variable.Name}={setting} is not a valid {knob.Name}";
                }
            }
            else if (key.StartsWith("Orleans:", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{variable.Where}: {variable.Name} is in Orleans' own configuration section, which Orleans reads for its declarative provider setup; Tempo's settings are {OrleansHostingOptions.SectionName}__*";
            }
            else if (!Known.TryGetValue(key, out var type))
            {
                yield return $"{variable.Where}: {variable.Name} (configuration key {key}) is read by no code; known keys: {string.Join(", ", Known.Keys.Order(StringComparer.Ordinal))}";
            }
            else if (variable.Value is { } value && !value.Contains("${", StringComparison.Ordinal) && !Converts(type, value))
            {
                yield return $"{variable.Where}: {variable.Name}={value} is not a valid {type.Name}";
            }
        }
    }

    private static bool Converts(Type type, string value)
    {
        try
        {
            var converted = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return type == typeof(string) || converted is not null;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or NotSupportedException || exception.InnerException is FormatException)
        {
            return false;
        }
    }

    private static Dictionary<string, Type> Build()
    {
        var keys = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        AddOptions(keys, OrleansHostingOptions.SectionName, typeof(OrleansHostingOptions));
        AddOptions(keys, TokenHashingOptions.SectionName, typeof(TokenHashingOptions));
        AddOptions(keys, ManagementAuthenticationOptions.SectionName, typeof(ManagementAuthenticationOptions));
        AddOptions(keys, DevSignInOptions.SectionName, typeof(DevSignInOptions));
        keys[$"ConnectionStrings:{OrleansHostingOptions.ConnectionStringName}"] = typeof(string);
        foreach (var (key, _) in ReadDirectly)
        {
            keys[key] = key == "Dashboard:Enabled" ? typeof(bool) : typeof(string);
        }

        // The host's own keys (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, ASPNETCORE_ENVIRONMENT, DOTNET_SHUTDOWNTIMEOUTSECONDS).
        keys[WebHostDefaults.ServerUrlsKey] = typeof(string);
        keys[WebHostDefaults.HttpPortsKey] = typeof(string);
        keys[HostDefaults.EnvironmentKey] = typeof(string);
        keys["shutdownTimeoutSeconds"] = typeof(int);
        return keys;
    }

    private static void AddOptions(Dictionary<string, Type> keys, string prefix, Type type)
    {
        foreach (var property in type.GetProperties().Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            var leaf = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (leaf.IsPrimitive || leaf.IsEnum || leaf == typeof(string) || leaf == typeof(TimeSpan) || leaf == typeof(Uri))
            {
                keys[$"{prefix}:{property.Name}"] = leaf;
            }
            else
            {
                AddOptions(keys, $"{prefix}:{property.Name}", leaf);
            }
        }
    }
}

/// <summary>YAML (with anchors, aliases and &lt;&lt; merge keys) as plain dictionaries, lists and strings.</summary>
internal static class Yaml
{
    public static List<object?> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(text))));
        return [.. stream.Documents.Select(d => Plain(d.RootNode))];
    }

    public static Dictionary<string, object?> Load(string text) => (Dictionary<string, object?>)LoadAll(text).Single()!;

    public static object? Get(this object? node, string key) =>
        node is Dictionary<string, object?> map && map.TryGetValue(key, out var value) ? value : null;

    public static string? Str(this object? node) => node as string;

    public static IEnumerable<object?> Items(this object? node) => node as List<object?> ?? [];

    public static IEnumerable<KeyValuePair<string, object?>> Entries(this object? node) => node as Dictionary<string, object?> ?? [];

    private static object? Plain(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(Plain).ToList(),
        YamlMappingNode mapping => mapping.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => Plain(e.Value), StringComparer.Ordinal),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };
}
