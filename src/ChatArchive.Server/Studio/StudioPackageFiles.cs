using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace ChatArchive.Server.Studio;

/// <summary>
/// Serves the Elsa Studio package's own files under /studio/ unmodified (dotnet.js carries SRI hashes of
/// the other files, ELSA-STUDIO-CONTRACT.md "Static hosting"). The package ships each file plain and as
/// .br/.gz; the precompressed variant is sent with Content-Encoding when the browser accepts it.
/// The package's index.html is not served: it links Google Fonts and uses an unregistered tag.
/// Caching: a file whose name carries the build's content hash (<c>_framework/Name.abcdefghij.wasm</c>) never changes
/// under that name and is cached for a year as immutable; so is a file the host page asks for with
/// <c>?v=</c> the package's version (the package is pinned, a new version changes the address). Every other file
/// (<c>dotnet.js</c>, <c>appsettings.json</c>, files Studio itself imports from <c>_content/</c>) is revalidated
/// with its ETag on each use.
/// </summary>
public sealed partial class StudioPackageFiles
{
    /// <summary>Long-lived caching for files whose address changes when their content does.</summary>
    public const string ImmutableCaching = "public, max-age=31536000, immutable";

    /// <summary>Revalidate on every use (a 304 when unchanged).</summary>
    public const string RevalidateCaching = "no-cache";

    private static readonly string[] ServedRoots = ["_framework/", "_content/"];
    private static readonly string[] ServedFiles = ["Elsa.Studio.Host.CustomElements.styles.css", "appsettings.json"];

    private readonly IFileProvider? _files;
    private readonly FileExtensionContentTypeProvider _contentTypes = CreateContentTypes();

    public StudioPackageFiles(StudioOptions options)
    {
        _files = options.IsInstalled ? new PhysicalFileProvider(options.PackagePath!) : null;
        Version = _files is null ? "" : ReadVersion(_files.GetFileInfo("package.json"));
    }

    /// <summary>The installed package's version (package.json), used as <c>?v=</c> on the host page's links; empty when unknown.</summary>
    public string Version { get; }

    /// <summary>Blazor's fingerprint: ten lowercase letters or digits between the name and the extension (dotnet.runtime.v06hirbjsv.js).</summary>
    [GeneratedRegex(@"\.[a-z0-9]{10}\.(wasm|js|dat|pdb|blat|json)$", RegexOptions.CultureInvariant)]
    private static partial Regex Fingerprint();

    /// <summary>True for a <c>_framework/</c> file whose name carries its content hash.</summary>
    public static bool IsFingerprinted(string relative)
    {
        if (!relative.StartsWith("_framework/", StringComparison.Ordinal)) return false;
        var name = relative.EndsWith(".br", StringComparison.Ordinal) || relative.EndsWith(".gz", StringComparison.Ordinal) ? relative[..^3] : relative;
        return Fingerprint().IsMatch(name);
    }

    /// <summary>The Cache-Control value for a package file asked for with the query value <paramref name="versionQuery"/> (<c>?v=</c>).</summary>
    public string CachingFor(string relative, string? versionQuery) =>
        IsFingerprinted(relative) || (Version.Length > 0 && string.Equals(versionQuery, Version, StringComparison.Ordinal))
            ? ImmutableCaching
            : RevalidateCaching;

    private static string ReadVersion(IFileInfo packageJson)
    {
        if (!packageJson.Exists) return "";
        try
        {
            using var stream = packageJson.CreateReadStream();
            using var doc = JsonDocument.Parse(stream);
            return doc.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    /// <summary>.NET's default map lacks .dat (the ICU data, icudt*.dat) and must say application/wasm for .wasm.</summary>
    public static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".wasm"] = "application/wasm";
        provider.Mappings[".dat"] = "application/octet-stream";
        provider.Mappings[".blat"] = "application/octet-stream";
        provider.Mappings[".pdb"] = "application/octet-stream";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        provider.Mappings[".map"] = "application/json";
        return provider;
    }

    public static bool IsPackagePath(string relative) =>
        ServedRoots.Any(r => relative.StartsWith(r, StringComparison.Ordinal)) || ServedFiles.Contains(relative, StringComparer.Ordinal);

    /// <summary>Handles the request when it names a package file; returns false to let the pipeline go on.</summary>
    public async Task<bool> TryServeAsync(HttpContext context)
    {
        var request = context.Request;
        if (_files is null || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))) return false;
        if (!request.Path.StartsWithSegments(StudioOptions.RequestPath, out var rest) || !rest.HasValue) return false;
        var relative = rest.Value!.TrimStart('/');
        if (!IsPackagePath(relative) || relative.Contains("..", StringComparison.Ordinal)) return false;
        var file = _files.GetFileInfo(relative);
        if (!file.Exists || file.IsDirectory) return false;
        if (!_contentTypes.TryGetContentType(relative, out var contentType)) contentType = "application/octet-stream";

        var (served, encoding) = ChooseVariant(relative, file, request.Headers.AcceptEncoding.ToString());
        var response = context.Response;
        var etag = new EntityTagHeaderValue($"\"{served.Length:x}-{served.LastModified.UtcTicks:x}{encoding}\"");
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.ETag = etag.ToString();
        response.Headers.LastModified = served.LastModified.ToString("R");
        response.Headers.CacheControl = CachingFor(relative, request.Query["v"].ToString());
        if (request.Headers.IfNoneMatch.ToString() == etag.ToString())
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return true;
        }
        response.ContentType = contentType;
        if (encoding.Length > 0) response.Headers.ContentEncoding = encoding;
        response.ContentLength = served.Length;
        if (HttpMethods.IsHead(request.Method)) return true;
        await response.SendFileAsync(served, context.RequestAborted);
        return true;
    }

    private (IFileInfo File, string Encoding) ChooseVariant(string relative, IFileInfo plain, string acceptEncoding)
    {
        if (relative.EndsWith(".br", StringComparison.Ordinal) || relative.EndsWith(".gz", StringComparison.Ordinal))
        {
            return (plain, "");
        }
        foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            if (!Accepts(acceptEncoding, encoding)) continue;
            var variant = _files!.GetFileInfo(relative + suffix);
            if (variant.Exists) return (variant, encoding);
        }
        return (plain, "");
    }

    private static bool Accepts(string acceptEncoding, string encoding)
    {
        foreach (var part in acceptEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (!string.Equals(pieces[0], encoding, StringComparison.OrdinalIgnoreCase)) continue;
            // "br;q=0" means the browser refuses it.
            return !pieces.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
        }
        return false;
    }
}
