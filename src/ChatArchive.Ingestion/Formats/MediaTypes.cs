namespace ChatArchive.Ingestion.Formats;

/// <summary>
/// Media type from a file extension, for exports that do not state it: WhatsApp (FORMATS.md §1.5: IMG-, VID-, PTT-,
/// AUD-, STK-, DOC-, *.vcf), signal-export, imessage-exporter, Telegram photos, Teams inline images. One table for all readers.
/// </summary>
internal static class MediaTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".heic"] = "image/heic",
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",
        [".svg"] = "image/svg+xml",
        [".mp4"] = "video/mp4",
        [".mov"] = "video/quicktime",
        [".webm"] = "video/webm",
        [".3gp"] = "video/3gpp",
        [".m4a"] = "audio/mp4",
        [".aac"] = "audio/aac",
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".oga"] = "audio/ogg",
        [".opus"] = "audio/ogg",
        [".wav"] = "audio/wav",
        [".amr"] = "audio/amr",
        [".caf"] = "audio/x-caf",
        [".pdf"] = "application/pdf",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xls"] = "application/vnd.ms-excel",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".ppt"] = "application/vnd.ms-powerpoint",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".txt"] = "text/plain",
        [".csv"] = "text/csv",
        [".vcf"] = "text/vcard",
        [".zip"] = "application/zip",
        [".tgs"] = "application/x-tgsticker",
    };

    public static string? FromFileName(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var type) ? type : null;
}
