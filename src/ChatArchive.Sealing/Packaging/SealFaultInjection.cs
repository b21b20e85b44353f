namespace ChatArchive.Sealing.Packaging;

/// <summary>
/// A fault-injection point for the crash test only (CrashDuringSealingTests): when the environment variable
/// <c>CHATARCHIVE_TEST_SEAL_PAUSE</c> names a file, the seal creates that file once every file of the package is in
/// staging, just before the atomic commit, and then waits, so the test can kill the process at a known point and prove
/// that an interrupted seal leaves no package. Unset (always, outside that test) it does nothing.
/// </summary>
public static class SealFaultInjection
{
    public const string Variable = "CHATARCHIVE_TEST_SEAL_PAUSE";

    public static async Task PauseBeforeCommitIfRequestedAsync(CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } marker) return;
        await File.WriteAllTextAsync(marker, "paused before commit\n", ct);
        await Task.Delay(TimeSpan.FromMinutes(5), ct);
    }
}
