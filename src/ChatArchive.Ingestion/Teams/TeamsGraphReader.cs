using System.Globalization;
using System.Text.Json;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;

namespace ChatArchive.Ingestion.Teams;

/// <summary>
/// Microsoft Teams chat messages as Microsoft Graph returns them (<c>GET /chats/{id}/messages</c>): one or more
/// stored response pages <c>{"@odata.context", "value": [chatMessage…]}</c> or a bare array (FORMATS.md §6).
/// Graph lists newest first by <c>lastModifiedDateTime</c>, so an edit moves an old message to the top and the
/// same message can sit in two pages; the reader keeps the latest version of each id and yields in
/// <c>createdDateTime</c> order. To sort it holds at most one run of compact records (no HTML, no files) in memory
/// and sorts larger exports externally through encrypted temporary files (<see cref="TeamsExportSort"/>).
/// </summary>
public sealed class TeamsGraphReader : IExportReader
{
    private readonly TeamsSpillOptions _spill;

    public TeamsGraphReader()
        : this(TeamsSpillOptions.Default)
    {
    }

    /// <summary>Tests force tiny spill runs through this; see <see cref="TeamsSpillOptions"/>.</summary>
    internal TeamsGraphReader(TeamsSpillOptions spill)
    {
        _spill = spill;
    }

    public string Format => ExportFormats.TeamsGraph;

    public double Detect(IExportSource source)
    {
        var entry = JsonEntries(source).FirstOrDefault();
        if (entry is null)
        {
            return 0;
        }
        var prefix = FormatPrefix.Read(source, entry);
        var trimmed = prefix.TrimStart();
        if (!trimmed.StartsWith('{') && !trimmed.StartsWith('['))
        {
            return 0;
        }
        var score = 0.0;
        // messageType + createdDateTime are chatMessage properties (Graph docs); @odata.context marks a stored Graph response.
        if (prefix.Contains("\"messageType\"", StringComparison.Ordinal))
        {
            score += 0.5;
        }
        if (prefix.Contains("\"createdDateTime\"", StringComparison.Ordinal))
        {
            score += 0.2;
        }
        if (prefix.Contains("\"@odata.context\"", StringComparison.Ordinal))
        {
            score += 0.15;
        }
        if (prefix.Contains("chatMessage", StringComparison.Ordinal) || prefix.Contains("/messages", StringComparison.Ordinal))
        {
            score += 0.1;
        }
        return Math.Min(score, 0.95);
    }

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var entries = JsonEntries(source).ToList();
        if (entries.Count == 0)
        {
            throw new ExportFormatException(
                $"In '{source.DisplayName}' staan geen JSON-bestanden met Teams-berichten. Lever de opgeslagen antwoorden van Microsoft Graph (chats/{{id}}/messages) aan.",
                source.DisplayName);
        }
        return ReadSorted(source, entries, cancellationToken);
    }

    /// <summary>
    /// Everything is read (and every error raised) before the first item is yielded: nothing half-read goes out.
    /// The reading starts at the first <c>MoveNext</c>, so the spill files live exactly as long as the enumeration
    /// and are removed when it ends, stops early or fails.
    /// </summary>
    private IEnumerable<ExportItem> ReadSorted(IExportSource source, List<string> entries, CancellationToken cancellationToken)
    {
        using var sort = new TeamsExportSort(_spill, cancellationToken);
        var files = FilesByName(source);
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var record in ReadEntry(source, entry, files, strings, cancellationToken))
            {
                sort.Add(record);
            }
        }
        foreach (var item in sort.Complete())
        {
            yield return item;
        }
    }

    private static IEnumerable<TeamsRecord> ReadEntry(IExportSource source, string entry, Dictionary<string, string> files, Dictionary<string, string> strings, CancellationToken cancellationToken)
    {
        using var json = new JsonStreamReader(source.Open(entry), entry);
        if (!json.Read())
        {
            throw NotTeams(entry);
        }
        if (json.TokenType == JsonTokenType.StartArray)
        {
            foreach (var r in ReadArray(json, source, entry, files, strings, cancellationToken))
            {
                yield return r;
            }
            yield break;
        }
        if (json.TokenType != JsonTokenType.StartObject)
        {
            throw NotTeams(entry);
        }
        var sawValue = false;
        while (json.Read() && json.TokenType != JsonTokenType.EndObject)
        {
            if (json.Value == "value")
            {
                if (!json.Read() || json.TokenType != JsonTokenType.StartArray)
                {
                    throw NotTeams(entry);
                }
                sawValue = true;
                foreach (var r in ReadArray(json, source, entry, files, strings, cancellationToken))
                {
                    yield return r;
                }
            }
            else
            {
                json.ReadScalarOrSkip();
            }
        }
        if (!sawValue)
        {
            throw NotTeams(entry);
        }
    }

    private static IEnumerable<TeamsRecord> ReadArray(JsonStreamReader json, IExportSource source, string entry, Dictionary<string, string> files, Dictionary<string, string> strings, CancellationToken cancellationToken)
    {
        while (json.ReadArrayElement() is { } document)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (document)
            {
                if (TeamsMessageMapper.Map(document.RootElement, source, entry, files, strings) is { } record)
                {
                    yield return record;
                }
            }
        }
    }

    /// <summary>Downloaded shared files that sit beside the JSON, by file name, so a reference attachment can be hashed.</summary>
    private static Dictionary<string, string> FilesByName(IExportSource source)
    {
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in source.Entries.Where(e => !e.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
        {
            files.TryAdd(Path.GetFileName(e), e);
        }
        return files;
    }

    private static IEnumerable<string> JsonEntries(IExportSource source) =>
        source.Entries.Where(e => e.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);

    private static ExportFormatException NotTeams(string entry) => new(
        $"'{entry}' is geen opgeslagen Microsoft Graph-antwoord met Teams-chatberichten (verwacht: een object met \"value\": [ … ] of een lijst berichten). Haal de berichten opnieuw op via chats/{{id}}/messages.",
        entry);

    internal static long ParseNumericId(string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
}
