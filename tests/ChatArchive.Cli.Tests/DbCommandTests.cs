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
}
