namespace ChatArchive.Server.Studio;

/// <summary>
/// Where the installed Elsa Studio package lives. Key <c>ChatArchive:Studio:PackagePath</c>; default
/// <c>studio/node_modules/@elsa-workflows/elsa-studio-wasm</c> found upward from the content root, so the
/// server run from the repository (or from its bin folder) finds what <c>npm install</c> in studio/ put there.
/// The package keeps its Blazor runtime in <c>_framework/</c> and its libraries' static files in <c>_content/</c>.
/// </summary>
public sealed record StudioOptions(string? PackagePath, Uri? PublicUrl = null)
{
    public const string PackagePathKey = "ChatArchive:Studio:PackagePath";

    /// <summary>The address users reach the server at (e.g. https://chatarchief.minbzk.nl); Studio's API address is built from it.</summary>
    public const string PublicUrlKey = "ChatArchive:PublicUrl";
    public const string DefaultRelativePath = "studio/node_modules/@elsa-workflows/elsa-studio-wasm";

    /// <summary>URL prefix under which the package's files and the host page are served.</summary>
    public const string RequestPath = "/studio";

    public bool IsInstalled => PackagePath is not null && File.Exists(Path.Combine(PackagePath, "_framework", "blazor.webassembly.js"));

    public static StudioOptions FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        Uri? publicUrl = null;
        if (configuration[PublicUrlKey] is { Length: > 0 } url
            && (!Uri.TryCreate(url.TrimEnd('/'), UriKind.Absolute, out publicUrl) || publicUrl.Scheme is not ("http" or "https")))
        {
            throw new InvalidOperationException($"{PublicUrlKey} moet een volledig http(s)-adres zijn, bijvoorbeeld https://chatarchief.example.nl, niet '{url}'.");
        }
        if (configuration[PackagePathKey] is { Length: > 0 } configured)
        {
            return new StudioOptions(Path.GetFullPath(configured, contentRoot), publicUrl);
        }
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultRelativePath);
            if (Directory.Exists(candidate)) return new StudioOptions(candidate, publicUrl);
        }
        return new StudioOptions(null, publicUrl);
    }

    /// <summary>
    /// Studio's API address: from <see cref="PublicUrlKey"/>, else the concrete address the server listens on
    /// (the embedded demo's http://127.0.0.1:port), never a Host header a client chose. Only a server that listens
    /// on every interface without a configured public address falls back to the request (behind a trusted proxy).
    /// </summary>
    public string ApiEndpoint(HttpContext context)
    {
        if (PublicUrl is not null) return PublicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/elsa/api";
        var addresses = context.RequestServices.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var listen) && listen.Host is not ("+" or "*" or "0.0.0.0" or "[::]")
                && string.Equals(listen.Scheme, context.Request.Scheme, StringComparison.OrdinalIgnoreCase))
            {
                return $"{listen.Scheme}://{listen.Authority}{context.Request.PathBase}/elsa/api";
            }
        }
        return $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/elsa/api";
    }
}
