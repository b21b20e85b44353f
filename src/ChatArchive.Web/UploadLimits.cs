using Microsoft.Extensions.Configuration;

namespace ChatArchive.Web;

/// <summary>The largest upload on the upload page: <c>ChatArchive:Web:MaxUploadBytes</c>, default 2 GiB (a whole phone's export).</summary>
public static class UploadLimits
{
    public const string MaxUploadBytesKey = "ChatArchive:Web:MaxUploadBytes";
    public const long DefaultMaxBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>Room for the form's other fields and multipart boundaries on top of the files.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    public static long MaxBytes(IConfiguration configuration)
    {
        var value = configuration.GetValue<long?>(MaxUploadBytesKey);
        return value is > 0 ? value.Value : DefaultMaxBytes;
    }

    /// <summary>"2 GB", "500 MB", "64 kB".</summary>
    public static string Dutch(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MB",
        _ => $"{Math.Max(1, bytes / 1024)} kB",
    };
}
