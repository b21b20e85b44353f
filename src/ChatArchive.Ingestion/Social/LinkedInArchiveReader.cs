using System.Globalization;
using System.Text;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;

namespace ChatArchive.Ingestion.Social;

/// <summary>
/// LinkedIn's "Get a copy of your data" (CSV files; channel social media, Handreiking §2.3): direct messages and
/// InMail from <c>messages.csv</c> (one conversation per CONVERSATION ID, time in UTC), the account's posts from
/// <c>Shares.csv</c>, its comments from <c>Comments.csv</c>, and the name from <c>Profile.csv</c>. Columns are found
/// by their header name, so a download with extra or reordered columns reads the same; a download missing a needed
/// column is refused naming it. Names written as escaped UTF-8 bytes are repaired as for Meta's downloads.
/// </summary>
public sealed class LinkedInArchiveReader : IExportReader
{
    /// <summary>Longest field accepted (a message of LinkedIn is at most a few thousand characters): longer means a broken file.</summary>
    public const int MaxFieldChars = 1_000_000;

    public string Format => ExportFormats.LinkedInArchive;

    public double Detect(IExportSource source)
    {
        if (Find(source, "messages.csv") is { } messages)
        {
            var head = FormatPrefix.Read(source, messages, 512).TrimStart('\uFEFF');
            if (head.StartsWith("CONVERSATION ID,", StringComparison.Ordinal)) return 0.95;
        }
        if (Find(source, "Shares.csv") is { } shares && FormatPrefix.Read(source, shares, 256).TrimStart('\uFEFF').StartsWith("Date,ShareLink", StringComparison.Ordinal))
        {
            return 0.9;
        }
        return 0;
    }

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var owner = OwnAccount.Sender;
        if (Find(source, "Profile.csv") is { } profileEntry)
        {
            foreach (var row in Rows(source, profileEntry, ["First Name", "Last Name"], cancellationToken))
            {
                var name = $"{row["First Name"]} {row["Last Name"]}".Trim();
                if (name.Length > 0) owner = name;
                break;
            }
        }
        var any = false;
        foreach (var (file, key, title, dateColumn, textColumn, extra) in new[]
                 {
                     ("Shares.csv", "linkedin:posts", $"Berichten van {owner} op LinkedIn", "Date", "ShareCommentary", "SharedUrl"),
                     ("Comments.csv", "linkedin:comments", $"Reacties van {owner} op LinkedIn", "Date", "Message", "Link"),
                 })
        {
            if (Find(source, file) is not { } entry) continue;
            var posts = new List<CanonicalMessage>();
            foreach (var row in Rows(source, entry, [dateColumn, textColumn], cancellationToken))
            {
                var at = Date(row[dateColumn], entry, row.Line);
                var text = row[textColumn];
                if (row.TryGet(extra) is { Length: > 0 } url && !text.Contains(url, StringComparison.Ordinal)) text = text.Length == 0 ? url : text + "\n" + url;
                posts.Add(new CanonicalMessage(owner, at, text, [], SourceId: row.TryGet("ShareLink") ?? $"{file}:{row.Line}"));
            }
            if (posts.Count == 0) continue;
            any = true;
            yield return new ConversationStarted(key, title, false, [owner]);
            foreach (var p in posts.OrderBy(p => p.Sent)) yield return new MessageRead(key, p);
            yield return new ConversationCompleted(key, [owner]);
        }

        if (Find(source, "messages.csv") is { } messagesEntry)
        {
            // The file lists conversations newest first; each conversation is gathered, then written oldest first.
            var conversations = new Dictionary<string, (string Title, List<string> Participants, List<(CanonicalMessage M, long Line)> Messages)>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var row in Rows(source, messagesEntry, ["CONVERSATION ID", "FROM", "DATE", "CONTENT"], cancellationToken))
            {
                var id = row["CONVERSATION ID"];
                if (id.Length == 0)
                {
                    throw new ExportFormatException($"Regel {row.Line} van '{messagesEntry}' heeft geen CONVERSATION ID. Download de gegevens opnieuw.", messagesEntry, row.Line);
                }
                if (!conversations.TryGetValue(id, out var conv))
                {
                    conv = (row.TryGet("CONVERSATION TITLE") ?? "", [], []);
                    conversations[id] = conv;
                    order.Add(id);
                }
                var from = MetaText.Repair(row["FROM"]);
                if (from.Length > 0 && !conv.Participants.Contains(from)) conv.Participants.Add(from);
                foreach (var to in (row.TryGet("TO") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var name = MetaText.Repair(to);
                    if (!conv.Participants.Contains(name)) conv.Participants.Add(name);
                }
                var text = MetaText.Repair(row["CONTENT"]);
                if (row.TryGet("SUBJECT") is { Length: > 0 } subject) text = subject + "\n" + text;
                var attachments = (row.TryGet("ATTACHMENTS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(u => ExportAttachments.Omitted(u[(u.LastIndexOf('/') + 1)..])).ToList();
                var draft = string.Equals(row.TryGet("IS MESSAGE DRAFT"), "Yes", StringComparison.OrdinalIgnoreCase);
                if (draft) continue; // a draft was never sent
                conv.Messages.Add((new CanonicalMessage(from, Date(row["DATE"], messagesEntry, row.Line), text, attachments, SourceId: $"{id}:{row["DATE"]}"), row.Line));
            }
            foreach (var id in order.Order(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (title, participants, messages) = conversations[id];
                if (messages.Count == 0) continue;
                any = true;
                var key = "linkedin:dm:" + id;
                yield return new ConversationStarted(key, title.Length > 0 ? MetaText.Repair(title) : "Directe berichten (LinkedIn)", participants.Count > 2, participants);
                foreach (var (m, _) in messages.OrderBy(m => m.M.Sent).ThenByDescending(m => m.Line)) yield return new MessageRead(key, m);
                yield return new ConversationCompleted(key, participants);
            }
        }
        if (!any)
        {
            throw new ExportFormatException(
                $"In '{source.DisplayName}' staan geen berichten, berichten op het account of reacties van LinkedIn. " +
                "Vraag bij LinkedIn 'Een kopie van uw gegevens' aan met berichten en bijdragen.", source.DisplayName);
        }
    }

    /// <summary>"2023-05-04 10:11:12 UTC" (messages) or "2023-05-04 10:11:12" (posts, also UTC).</summary>
    private static DateTimeOffset Date(string value, string entry, long line)
    {
        var v = value.EndsWith(" UTC", StringComparison.Ordinal) ? value[..^4] : value;
        if (DateTime.TryParseExact(v, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            return new DateTimeOffset(at, TimeSpan.Zero);
        }
        throw new ExportFormatException($"Regel {line} van '{entry}' heeft geen geldige datum (verwacht: jjjj-mm-dd uu:mm:ss). Download de gegevens opnieuw.", entry, line);
    }

    private static string? Find(IExportSource source, string name) =>
        source.Entries.Where(e => e.Equals(name, StringComparison.OrdinalIgnoreCase) || e.EndsWith("/" + name, StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.Length).FirstOrDefault();

    private static IEnumerable<CsvRow> Rows(IExportSource source, string entry, string[] required, CancellationToken cancellationToken)
    {
        using var stream = source.Open(entry);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        var csv = new CsvRecords(reader, entry, MaxFieldChars);
        var header = csv.Next() ?? throw new ExportFormatException($"'{entry}' is leeg. Download de gegevens opnieuw.", entry);
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++) columns.TryAdd(header.Fields[i].Trim(), i);
        foreach (var name in required)
        {
            if (!columns.ContainsKey(name))
            {
                throw new ExportFormatException($"In '{entry}' ontbreekt de kolom '{name}'. Lever het bestand aan zoals LinkedIn het downloadt.", entry, 1);
            }
        }
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CsvRecord? record;
            try
            {
                record = csv.Next();
            }
            catch (DecoderFallbackException e)
            {
                throw new ExportFormatException($"'{entry}' is geen UTF-8-tekst. Lever het bestand aan zoals LinkedIn het downloadt, zonder het in een ander programma op te slaan.", entry, null, e);
            }
            if (record is null) yield break;
            if (record.Fields.Count == 1 && record.Fields[0].Length == 0) continue; // an empty line
            yield return new CsvRow(columns, record.Fields, record.Line);
        }
    }

    private sealed record CsvRow(Dictionary<string, int> Columns, List<string> Fields, long Line)
    {
        public string this[string column] => TryGet(column) ?? "";
        public string? TryGet(string column) => Columns.TryGetValue(column, out var i) && i < Fields.Count ? Fields[i] : null;
    }
}

/// <summary>One record of a CSV file and the line it starts on.</summary>
public sealed record CsvRecord(List<string> Fields, long Line);

/// <summary>
/// Comma-separated records as RFC 4180 writes them: fields in double quotes may hold commas, line breaks and doubled
/// quotes. Streams record by record; a field longer than the limit, or a quote left open at the end, is refused
/// naming the line where the record began.
/// </summary>
public sealed class CsvRecords(TextReader reader, string entry, int maxFieldChars)
{
    private long _line = 1;

    public CsvRecord? Next()
    {
        var c = reader.Peek();
        if (c < 0) return null;
        var start = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            c = reader.Read();
            if (c < 0)
            {
                if (quoted) throw new ExportFormatException($"In '{entry}' sluit een veld dat op regel {start} begint niet af (een aanhalingsteken ontbreekt). Download de gegevens opnieuw.", entry, start);
                fields.Add(field.ToString());
                return new CsvRecord(fields, start);
            }
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (ch == '\n') _line++;
                    field.Append(ch);
                }
            }
            else if (ch == '"' && field.Length == 0 && !wasQuoted)
            {
                quoted = wasQuoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                wasQuoted = false;
            }
            else if (ch == '\r' && reader.Peek() == '\n')
            {
                // the '\n' ends the record
            }
            else if (ch == '\n')
            {
                _line++;
                fields.Add(field.ToString());
                return new CsvRecord(fields, start);
            }
            else
            {
                field.Append(ch);
            }
            if (field.Length > maxFieldChars)
            {
                throw new ExportFormatException($"Een veld in '{entry}' dat op regel {start} begint is langer dan {maxFieldChars:N0} tekens; het bestand is beschadigd.", entry, start);
            }
        }
    }
}
