using System.IO.Compression;
using System.Text;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Sources;

namespace ChatArchive.Ingestion.Tests.Support;

/// <summary>Writes made-up exports to a temp folder and reads them back the way the CLI does.</summary>
public static class ExportFiles
{
    public static string Folder() => Directory.CreateTempSubdirectory("chatarchive-ingest-").FullName;

    public static string WriteText(string fileName, string content, bool bom = false)
    {
        var path = Path.Combine(Folder(), fileName);
        var bytes = Encoding.UTF8.GetBytes(content);
        File.WriteAllBytes(path, bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
        return path;
    }

    public static string WriteZip(string fileName, params (string Name, byte[] Content)[] entries)
    {
        var path = Path.Combine(Folder(), fileName);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in entries)
        {
            var e = zip.CreateEntry(name, CompressionLevel.SmallestSize);
            using var s = e.Open();
            s.Write(content);
        }
        return path;
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>Detects the format and reads every item.</summary>
    public static (string Format, List<ExportItem> Items) Read(string path, string? format = null)
    {
        using var source = ExportSourceFactory.Open(path);
        var reader = FormatDetector.Default().Detect(source, format);
        return (reader.Format, reader.Read(source).ToList());
    }

    public static List<Domain.Messages.CanonicalMessage> Messages(this List<ExportItem> items) =>
        items.OfType<MessageRead>().Select(m => m.Message).ToList();

    public static List<Domain.Messages.SystemEvent> Events(this List<ExportItem> items) =>
        items.OfType<SystemEventRead>().Select(e => e.Event).ToList();

    public static ConversationStarted Conversation(this List<ExportItem> items) => items.OfType<ConversationStarted>().Single();
}
