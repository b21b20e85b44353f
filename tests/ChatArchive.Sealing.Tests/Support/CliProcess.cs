using System.Diagnostics;

namespace ChatArchive.Sealing.Tests.Support;

/// <summary>Runs the built chatarchive CLI (chatarchive.dll beside the tests) as a real child process.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Process Start(IEnumerable<string> args, IDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.CreateTempSubdirectory("chatarchive-cli-").FullName,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chatarchive.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    public static async Task<Result> RunAsync(IEnumerable<string> args, IDictionary<string, string> env)
    {
        using var p = Start(args, env);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(cts.Token);
        return new Result(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Configuration for a CLI run against a world: embedded mode (SQLite), data and source folders.</summary>
    public static Dictionary<string, string> Env(string dataFolder, string sourceFolder) => new()
    {
        ["ChatArchive__DataFolder"] = dataFolder,
        ["ChatArchive__Sealing__SourceFolder"] = sourceFolder,
        ["ChatArchive__Sealing__VaultKey"] = Convert.ToBase64String(SealingWorld.VaultKey),
        ["DOTNET_ENVIRONMENT"] = "Test",
    };
}
