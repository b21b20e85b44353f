using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChatArchive.Persistence.Audit;

/// <summary>One anchored chain head: the sequence and hash of the newest row when the anchor was written.</summary>
public sealed record AuditAnchor(long Sequence, string Hash, DateTimeOffset WrittenAt);

/// <summary>
/// The chain head written outside the database (issue "audit trail": a place an administrator cannot silently rewrite
/// together with the table): one JSON line per anchor appended to <c>anchors.jsonl</c> in the anchor folder, by default
/// <c>&lt;ChatArchive:Sealing:StoreFolder&gt;/audit-anchors</c> in the write-once store. The file is only ever opened
/// for appending and flushed to disk; rows removed from the end of the table after an anchor are then detectable.
/// </summary>
public sealed class AuditAnchors(string folder)
{
    public const string FolderKey = "ChatArchive:Audit:AnchorFolder";
    public const string FileName = "anchors.jsonl";

    public string Folder { get; } = Path.GetFullPath(folder);

    public string FilePath => Path.Combine(Folder, FileName);

    /// <summary>ChatArchive:Audit:AnchorFolder, else audit-anchors in the sealing store (ChatArchive:Sealing:StoreFolder, default DataFolder/archive).</summary>
    public static AuditAnchors FromLookup(Func<string, string?> lookup, string dataFolder)
    {
        if (lookup(FolderKey) is { Length: > 0 } explicitFolder) return new AuditAnchors(explicitFolder);
        var store = lookup("ChatArchive:Sealing:StoreFolder") is { Length: > 0 } s ? s : Path.Combine(dataFolder, "archive");
        return new AuditAnchors(Path.Combine(store, "audit-anchors"));
    }

    /// <summary>Every anchor in the file, and a Dutch problem for each line that cannot be read.</summary>
    public (IReadOnlyList<AuditAnchor> Anchors, IReadOnlyList<AuditProblem> Problems) Read()
    {
        var anchors = new List<AuditAnchor>();
        var problems = new List<AuditProblem>();
        if (!File.Exists(FilePath)) return (anchors, problems);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(FilePath, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                anchors.Add(new AuditAnchor(r.GetProperty("sequence").GetInt64(), r.GetProperty("hash").GetString() ?? throw new FormatException(),
                    DateTimeOffset.Parse(r.GetProperty("writtenAt").GetString() ?? throw new FormatException(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
            {
                problems.Add(new AuditProblem(AuditProblemKinds.AnchorUnreadable, null, $"Regel {lineNumber} van het ankerbestand {FilePath} is onleesbaar: het bestand is gewijzigd."));
            }
        }
        return (anchors, problems);
    }

    /// <summary>Appends the head unless the newest anchor already holds it; returns the anchor written, or null.</summary>
    public AuditAnchor? Append(AuditEvent? head, DateTimeOffset now)
    {
        if (head is null) return null;
        var (existing, _) = Read();
        if (existing.Count > 0 && existing[^1].Sequence == head.Sequence && existing[^1].Hash == head.Hash) return null;
        Directory.CreateDirectory(Folder);
        var anchor = new AuditAnchor(head.Sequence, head.Hash, AuditChain.Truncate(now));
        var line = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sequence"] = anchor.Sequence,
            ["hash"] = anchor.Hash,
            ["writtenAt"] = anchor.WrittenAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        }) + "\n";
        using (var f = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            f.Write(bytes);
            f.Flush(flushToDisk: true);
        }
        return anchor;
    }
}
