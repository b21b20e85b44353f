namespace ChatArchive.Server.Studio;

/// <summary>
/// Where the installed Elsa Studio package lives. Key <c>ChatArchive:Studio:PackagePath</c>; default
/// <c>studio/node_modules/@elsa-workflows/elsa-studio-wasm</c> found upward from the content root, so the
/// server run from the repository (or from its bin folder) finds what <c>npm install</c> in studio/ put there.
/// The package keeps its Blazor runtime in <c>_framework/</c> and its libraries' static files in <c>_content/</c>.
/// </summary>
public sealed record StudioOptions(string? PackagePath)
{
    public const string PackagePathKey = "ChatArchive:Studio:PackagePath";
    public const string DefaultRelativePath = "studio/node_modules/@elsa-workflows/elsa-studio-wasm";

    /// <summary>URL prefix under which the package's files and the host page are served.</summary>
    public const string RequestPath = "/studio";

    public bool IsInstalled => PackagePath is not null && File.Exists(Path.Combine(PackagePath, "_framework", "blazor.webassembly.js"));

    public static StudioOptions FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        if (configuration[PackagePathKey] is { Length: > 0 } configured)
        {
            return new StudioOptions(Path.GetFullPath(configured, contentRoot));
        }
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultRelativePath);
            if (Directory.Exists(candidate)) return new StudioOptions(candidate);
        }
        return new StudioOptions((string?)null);
    }
}
