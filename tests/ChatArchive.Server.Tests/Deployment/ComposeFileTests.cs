using System.Text.RegularExpressions;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.TestSupport;
using Npgsql;
using YamlDotNet.RepresentationModel;

namespace ChatArchive.Server.Tests.Deployment;

/// <summary>
/// No Docker engine runs here (DEPENDENCIES.md), so docker-compose.yml and the Dockerfile are kept
/// correct by parsing them: environment names the server really reads, ports and volumes consistent.
/// </summary>
public partial class ComposeFileTests
{
    private static readonly string Root = Artifacts.RepositoryRoot();

    private static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Services() => (YamlMappingNode)Compose()["services"];

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services()[name];

    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        service.Children.TryGetValue("environment", out var env)
            ? ((YamlMappingNode)env).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value ?? "")
            : [];

    private static IEnumerable<string> Sequence(YamlMappingNode service, string key) =>
        service.Children.TryGetValue(key, out var node) ? ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!) : [];

    /// <summary>Compose's ${VAR:-default} / ${VAR:?message} with the variable set to <paramref name="set"/> (as the operator would).</summary>
    private static string WithVariables(string value, string set = "geheim-uit-de-kluis") => ComposeVariable().Replace(value, _ => set);

    [GeneratedRegex(@"\$\{([A-Z_]+)(:[-?][^}]*)?\}")]
    private static partial Regex ComposeVariable();

    [Fact]
    public void Compose_file_has_PostgreSql_the_server_built_here_and_an_SMTP_catcher()
    {
        var services = Services().Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();

        Assert.Equal(["db", "mail", "server"], services.Order());
        Assert.StartsWith("postgres:", ((YamlScalarNode)Service("db")["image"]).Value);
        Assert.Equal("Dockerfile", ((YamlScalarNode)((YamlMappingNode)Service("server")["build"])["dockerfile"]).Value);
        Assert.Contains("1025", Sequence(Service("mail"), "expose")); // SMTP port of the catcher
    }

    [Fact]
    public void Every_environment_name_of_the_server_is_a_configuration_key_the_server_reads()
    {
        var names = Environment(Service("server")).Keys.ToList();

        Assert.NotEmpty(names);
        var unknown = names.Where(n => !ConfigurationKeys.IsRead(ConfigurationKeys.FromEnvironmentName(n))).ToList();
        Assert.True(unknown.Count == 0, "not read by the server: " + string.Join(", ", unknown));
        // The check itself must be able to fail: a misspelt key is not accepted.
        Assert.False(ConfigurationKeys.IsRead(ConfigurationKeys.FromEnvironmentName("ChatArchive__Database__Provder")));
        Assert.True(ConfigurationKeys.IsRead(AuthSettings.DevelopmentSignInKey));
    }

    [Fact]
    public void Server_runs_in_production_mode_on_the_compose_database()
    {
        var server = Environment(Service("server"));
        var db = Environment(Service("db"));

        Assert.Equal("PostgreSql", server[DatabaseOptions.ProviderKey.Replace(":", "__", StringComparison.Ordinal)]);
        Assert.Equal("false", server["ChatArchive__Auth__DevelopmentSignIn"]);
        Assert.Equal("Production", server["ASPNETCORE_ENVIRONMENT"]);
        var cs = new NpgsqlConnectionStringBuilder(WithVariables(server["ConnectionStrings__ChatArchive"]));
        Assert.Equal("db", cs.Host); // the service name
        Assert.Equal(5432, cs.Port);
        Assert.Equal(db["POSTGRES_USER"], cs.Username);
        Assert.Equal(db["POSTGRES_DB"], cs.Database);
        Assert.Equal(WithVariables(db["POSTGRES_PASSWORD"]), cs.Password);
        var dependsOn = ((YamlMappingNode)Service("server")["depends_on"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value);
        Assert.Contains("db", dependsOn);
    }

    [Fact]
    public void Published_port_matches_the_url_the_server_listens_on_and_the_Dockerfile_exposes()
    {
        var urls = Environment(Service("server"))["ASPNETCORE_URLS"];
        var listenPort = int.Parse(UrlPort().Match(urls).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var published = Sequence(Service("server"), "ports").Select(p => p.Split(':')).ToList();
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));

        Assert.Contains(published, p => int.Parse(p[^1], System.Globalization.CultureInfo.InvariantCulture) == listenPort);
        Assert.Contains($"EXPOSE {listenPort}", dockerfile);
        Assert.Contains($"ASPNETCORE_URLS=http://+:{listenPort}", dockerfile);
        var hostPorts = Services().Children.Values.SelectMany(s => Sequence((YamlMappingNode)s, "ports")).Select(p => p.Split(':')[0]).ToList();
        Assert.Equal(hostPorts.Count, hostPorts.Distinct().Count()); // no two services publish the same host port
    }

    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex UrlPort();

    [Fact]
    public void Named_volumes_are_declared_used_and_mounted_where_the_data_lives()
    {
        var declared = ((YamlMappingNode)Compose()["volumes"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
        var mounts = Services().Children
            .SelectMany(s => Sequence((YamlMappingNode)s.Value, "volumes").Select(v => (Service: ((YamlScalarNode)s.Key).Value!, Source: v.Split(':')[0], Target: v.Split(':')[1])))
            .ToList();

        Assert.Equal(["db-data", "raw-exports", "sealed-archive"], declared.Order());
        Assert.Equal(declared.Order(), mounts.Select(m => m.Source).Distinct().Order()); // every declared volume used, none undeclared
        Assert.Contains(mounts, m => m is { Service: "db", Source: "db-data", Target: "/var/lib/postgresql/data" });
        var dataFolder = Environment(Service("server"))["ChatArchive__DataFolder"];
        Assert.All(mounts.Where(m => m.Service == "server"), m => Assert.StartsWith(dataFolder + "/", m.Target));
        Assert.Equal(mounts.Count, mounts.Select(m => m.Target).Distinct().Count());
    }

    [Fact]
    public void No_secret_has_a_default_so_compose_refuses_to_start_without_it()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docker-compose.yml"));
        var uses = ComposeVariable().Matches(text).Where(m => !IsInComment(text, m.Index)).ToList();

        Assert.NotEmpty(uses);
        // ${VAR:?message} makes compose stop with the message; ${VAR:-x} or ${VAR} would start with a default or empty secret.
        Assert.All(uses, m => Assert.StartsWith(":?", m.Groups[2].Value));
        var server = Environment(Service("server"));
        foreach (var secret in new[] { "ConnectionStrings__ChatArchive", "ChatArchive__Auth__SigningKey", "ChatArchive__Sealing__ArchiveKeyPem", "ChatArchive__Sealing__VaultKey" })
        {
            Assert.Matches(@"\$\{[A-Z_]+:\?", server[secret]);
        }
        Assert.Matches(@"^\$\{[A-Z_]+:\?", Environment(Service("db"))["POSTGRES_PASSWORD"]);
        // The check can fail: a default is recognised as one.
        Assert.Equal(":-chatarchive", ComposeVariable().Match("${POSTGRES_PASSWORD:-chatarchive}").Groups[2].Value);
    }

    private static bool IsInComment(string text, int index)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        return text[lineStart..index].TrimStart().StartsWith('#');
    }

    [Fact]
    public void Docker_image_runs_in_production_mode_without_development_sign_in_or_secrets()
    {
        var env = File.ReadAllLines(Path.Combine(Root, "Dockerfile"))
            .Select(l => l.Trim().TrimEnd('\\').Trim())
            .Select(l => l.StartsWith("ENV ", StringComparison.Ordinal) ? l[4..].Trim() : l)
            .Where(l => Regex.IsMatch(l, @"^[A-Za-z_]+=\S*$"))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

        Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("PostgreSql", env["ChatArchive__Database__Provider"]);
        Assert.Equal("false", env["ChatArchive__Auth__DevelopmentSignIn"]);
        Assert.Equal("false", env["ChatArchive__DemoData"]);
        Assert.DoesNotContain(env.Keys, k => k.Contains("Key", StringComparison.OrdinalIgnoreCase) || k.Contains("Password", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ConnectionStrings", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_is_multi_stage_and_runs_the_server_as_a_non_root_user()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "Dockerfile")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stages = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.True(stages.Count >= 2, "multi-stage: a build stage and a runtime stage");
        Assert.Contains("sdk", stages[0].l);
        Assert.Contains("aspnet", stages[^1].l);
        var runtime = lines.Skip(stages[^1].i).ToList();
        var user = Assert.Single(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..];
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        Assert.Contains(runtime, l => l.StartsWith("COPY --from=build", StringComparison.Ordinal));
        // The coverage PDF needs its font in the image (the runtime image has none).
        Assert.Contains(runtime, l => l.Contains("fonts-dejavu-core", StringComparison.Ordinal));
        Assert.Equal("ENTRYPOINT [\"dotnet\", \"ChatArchive.Server.dll\"]", runtime[^1]);
        Assert.True(File.Exists(Path.Combine(Root, ".dockerignore")));
    }
}
