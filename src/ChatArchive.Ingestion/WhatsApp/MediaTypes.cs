namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>Media types of the file names WhatsApp writes (FORMATS.md §1.5: IMG-, VID-, PTT-, AUD-, STK-, DOC-, *.vcf, nnnnnnnn-PHOTO…).</summary>
public static class MediaTypes
{
    public static string? FromFileName(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".heic" => "image/heic",
        ".mp4" => "video/mp4",
        ".mov" => "video/quicktime",
        ".3gp" => "video/3gpp",
        ".opus" => "audio/ogg",
        ".ogg" => "audio/ogg",
        ".m4a" => "audio/mp4",
        ".mp3" => "audio/mpeg",
        ".aac" => "audio/aac",
        ".pdf" => "application/pdf",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".doc" => "application/msword",
        ".txt" => "text/plain",
        ".vcf" => "text/vcard",
        ".zip" => "application/zip",
        _ => null,
    };
}
