using System.Diagnostics;
using ChatArchive.Persistence;

namespace ChatArchive.Workflows.Engine.Tests.Support;

/// <summary>
/// The engine in a separate process (tests/ChatArchive.Workflows.Engine.TestHost), so a test can kill it
/// with SIGKILL mid-step or run two of them against one database.
/// </summary>
public sealed class TestHostProcess : IDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestHostProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public static async Task<TestHostProcess> StartAsync(DatabaseOptions database, string recordFile, IDictionary<string, string>? extra = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ChatArchive.Workflows.Engine.TestHost.dll"));
        psi.Environment["TESTHOST_PROVIDER"] = database.Provider.ToString();
        psi.Environment["TESTHOST_CONNECTION"] = database.ConnectionString;
        psi.Environment["TESTHOST_RECORD_FILE"] = recordFile;
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        var host = new TestHostProcess(Process.Start(psi)!);
        var started = await Task.WhenAny(host.ready.Task, Task.Delay(TimeSpan.FromSeconds(90)));
        if (started != host.ready.Task)
        {
            host.Dispose();
            Assert.Fail("The test host did not report ready within 90 s");
        }
        return host;
    }

    /// <summary>SIGKILL: no shutdown code runs, open transactions die with the connection.</summary>
    public void KillHard()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        KillHard();
        process.Dispose();
    }

    /// <summary>Lines "instance activity pid" the RecordStep activity wrote, from every process, oldest process first.</summary>
    public static IReadOnlyList<(string Instance, string Activity, string Pid)> ReadRecords(string recordFile) =>
        Directory.GetFiles(Path.GetDirectoryName(recordFile)!, Path.GetFileName(recordFile) + ".*")
            .OrderBy(File.GetCreationTimeUtc)
            .SelectMany(File.ReadAllLines)
            .Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(p => (p[0], p[1], p[2])).ToList();
}
