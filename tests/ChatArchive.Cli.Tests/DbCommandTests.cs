using ChatArchive.Persistence;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests;

public class DbCommandTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Db_migrate_applies_every_script_and_status_then_reports_nothing_pending(DatabaseProvider provider)
    {
        var options = await TestDatabases.CreateEmptyAsync(provider, "cli");
        var env = new Dictionary<string, string>
        {
            ["ChatArchive__Database__Provider"] = provider.ToString(),
            ["ConnectionStrings__ChatArchive"] = options.ConnectionString,
            ["ChatArchive__DataFolder"] = options.DataFolder,
        };

        var before = await CliRunner.RunAsync(["db", "status"], env);
        Assert.Equal(1, before.ExitCode);
        Assert.Contains("openstaand", before.StdOut);

        var migrate = await CliRunner.RunAsync(["db", "migrate"], env);
        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("toegepast", migrate.StdOut);

        var after = await CliRunner.RunAsync(["db", "status"], env);
        Assert.Equal(0, after.ExitCode);
        Assert.DoesNotContain("openstaand", after.StdOut);
        Assert.Equal(DatabaseMigrator.Scripts(provider).Count, after.StdOut.Split('\n').Count(l => l.Contains("toegepast")));
    }

    [Fact]
    public async Task Help_and_version_answer_without_a_database()
    {
        var help = await CliRunner.RunAsync(["--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("db", help.StdOut);
        var version = await CliRunner.RunAsync(["--version"]);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"\d+\.\d+\.\d+", version.StdOut);
    }

    [Fact]
    public async Task Unknown_provider_is_a_Dutch_configuration_error_and_changes_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("chatarchive-cli-").FullName;
        var env = new Dictionary<string, string>
        {
            ["ChatArchive__Database__Provider"] = "Oracle",
            ["ChatArchive__DataFolder"] = folder,
        };

        var result = await CliRunner.RunAsync(["db", "migrate"], env);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Onbekende databaseprovider 'Oracle'", result.StdErr);
        Assert.Contains("Kies 'Sqlite' of 'PostgreSql'", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr); // no stack trace for a user mistake
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public async Task Cli_reads_appsettings_json_from_the_working_folder_like_the_server()
    {
        var folder = Directory.CreateTempSubdirectory("chatarchive-cli-").FullName;
        var dataFolder = Path.Combine(folder, "gegevens");
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"),
            "{ \"ChatArchive\": { \"Database\": { \"Provider\": \"Sqlite\" }, \"DataFolder\": \"" + dataFolder.Replace("\\", "\\\\") + "\" } }");

        var migrate = await CliRunner.RunAsync(["db", "migrate"], workingDirectory: folder);

        Assert.Equal(0, migrate.ExitCode);
        Assert.True(File.Exists(Path.Combine(dataFolder, "chatarchive.db")));
    }
}
