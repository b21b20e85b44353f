using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace ChatArchive.Web;

/// <summary>
/// The npm packages of the web application (NL Design System Rijkshuisstijl CSS, htmx) and our own stylesheet,
/// from the repository's web/ folder: web/node_modules is installed by scripts/lib/ensure-web-assets.sh, never committed.
/// </summary>
public static class WebAssets
{
    public const string RequestPath = "/assets";
    public const string FolderKey = "ChatArchive:Web:AssetsFolder";
    public const string TokensCss = "node_modules/@rijkshuisstijl-community/design-tokens/dist/index.css";
    public const string ComponentsCss = "node_modules/@rijkshuisstijl-community/components-css/dist/index.css";
    public const string HtmxJs = "node_modules/htmx.org/dist/htmx.min.js";

    /// <summary>The folder holding web/package.json: configured, or found upwards from the content root.</summary>
    public static string? FindFolder(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Directory.Exists(configured) ? configured : null;
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "web");
            if (File.Exists(Path.Combine(candidate, "package.json")) && File.Exists(Path.Combine(candidate, "site.css"))) return candidate;
        }
        return null;
    }

    public static IApplicationBuilder UseChatArchiveWebAssets(this IApplicationBuilder app, string? folder)
    {
        if (folder is null) return app;
        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = RequestPath,
            FileProvider = new PhysicalFileProvider(folder),
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
    }
}
