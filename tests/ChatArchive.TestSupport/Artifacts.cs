namespace ChatArchive.TestSupport;

/// <summary>Where tests save files a person may want to look at (screenshots, reports): artifacts/ at the repository root.</summary>
public static class Artifacts
{
    public static string Folder(string sub)
    {
        var root = Environment.GetEnvironmentVariable("CHATARCHIVE_TEST_ARTIFACTS") is { Length: > 0 } a
            ? a
            : Path.Combine(RepositoryRoot(), "artifacts");
        var dir = Path.Combine(root, sub);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The folder holding ChatArchive.Workflows.sln, found upward from the test's base directory.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ChatArchive.Workflows.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("ChatArchive.Workflows.sln not found above " + AppContext.BaseDirectory);
    }
}
