using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ChatArchive.Server.Studio;

/// <summary>
/// The host page's own start-up script (<c>Studio/studio-host.js</c>, embedded): it mounts the Studio element for the view
/// and starts Blazor. Served from this server because the page's Content-Security-Policy allows no inline script; its address
/// carries a hash of its content, so the browser keeps it for a year and a changed script gets a new address.
/// </summary>
public static class StudioHostScript
{
    public const string RequestPath = StudioOptions.RequestPath + "/ca-studio.js";

    private static readonly Lazy<(byte[] Content, string Hash)> Script = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("studio/studio-host.js")
            ?? throw new InvalidOperationException("studio/studio-host.js is not embedded in the server.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        return (content, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
    });

    /// <summary>The script's address with its content hash (<c>/studio/ca-studio.js?v=…</c>).</summary>
    public static string Address => $"{RequestPath}?v={Script.Value.Hash}";

    public static string Text => Encoding.UTF8.GetString(Script.Value.Content);

    public static IResult Serve(HttpContext context)
    {
        var (content, hash) = Script.Value;
        context.Response.Headers.CacheControl = context.Request.Query["v"] == hash ? StudioPackageFiles.ImmutableCaching : StudioPackageFiles.RevalidateCaching;
        return Results.Bytes(content, "text/javascript; charset=utf-8", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{hash}\""));
    }
}
