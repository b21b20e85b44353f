using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Sources;

namespace ChatArchive.Ingestion.Tests.Formats;

/// <summary>Finds the fixture folder from the test binary (no copying step in the project file) and reads exports.</summary>
internal static class FormatFixtures
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Fixtures");
            if (Directory.Exists(Path.Combine(candidate, "signal")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("tests/ChatArchive.Ingestion.Tests/Fixtures not found above " + AppContext.BaseDirectory);
    });

    public static string PathOf(params string[] parts) => Path.Combine([RootPath.Value, .. parts]);

    public static IExportSource Folder(params string[] parts) => new DirectoryExportSource(PathOf(parts));

    public static IExportSource File(params string[] parts) => new SingleFileExportSource(PathOf(parts));

    public static List<ExportItem> ReadAll(IExportReader reader, IExportSource source)
    {
        using (source)
        {
            return reader.Read(source).ToList();
        }
    }

    public static List<CanonicalMessage> Messages(this IEnumerable<ExportItem> items) =>
        items.OfType<MessageRead>().Select(m => m.Message).ToList();

    public static List<SystemEvent> Events(this IEnumerable<ExportItem> items) =>
        items.OfType<SystemEventRead>().Select(e => e.Event).ToList();

    public static List<ConversationStarted> Conversations(this IEnumerable<ExportItem> items) =>
        items.OfType<ConversationStarted>().ToList();

    /// <summary>A temporary file with exactly these bytes (for encodings that cannot live in a checked-in text file).</summary>
    public static TempExport Bytes(string fileName, byte[] content) => new(fileName, content);
}

/// <summary>A one-file export in a fresh temporary folder, removed on dispose.</summary>
internal sealed class TempExport : IDisposable
{
    public TempExport(string fileName, byte[] content)
    {
        Folder = Directory.CreateTempSubdirectory("chatarchive-formats-").FullName;
        FilePath = Path.Combine(Folder, fileName);
        var parent = Path.GetDirectoryName(FilePath)!;
        Directory.CreateDirectory(parent);
        System.IO.File.WriteAllBytes(FilePath, content);
    }

    public string Folder { get; }

    public string FilePath { get; }

    public IExportSource AsFile() => new SingleFileExportSource(FilePath);

    public IExportSource AsFolder() => new DirectoryExportSource(Folder);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>The same export with some entries hidden (e.g. data.json, to read chat.md of the same conversation).</summary>
internal sealed class HidingSource(IExportSource inner, Func<string, bool> hide) : IExportSource
{
    public string DisplayName => inner.DisplayName;

    public IReadOnlyList<string> Entries { get; } = inner.Entries.Where(e => !hide(e)).ToList();

    public bool Exists(string entry) => !hide(entry) && inner.Exists(entry);

    public long Length(string entry) => inner.Length(entry);

    public Stream Open(string entry) => hide(entry) ? throw new FileNotFoundException(entry) : inner.Open(entry);

    public void Dispose() => inner.Dispose();
}
