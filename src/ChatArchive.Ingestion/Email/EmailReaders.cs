using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using MimeKit;
using MimeKit.Text;

namespace ChatArchive.Ingestion.Email;

/// <summary>
/// The conversations of a mailbox export: one per mail folder (an mbox file, a folder of .eml files, a folder of Graph
/// pages), titled after the folder; participants are every address seen, reported at the folder's end. A folder whose
/// name contains "Privé" gets a <see cref="ExportNoteKinds.SuggestedPrivate"/> note (Handreiking §2.1.1).
/// </summary>
internal sealed class MailFolders
{
    /// <summary>The entries with this extension, folder by folder (one conversation per mail folder).</summary>
    public static IEnumerable<string> EntriesByFolder(IExportSource source, string extension) =>
        source.Entries.Where(e => e.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            .OrderBy(ExportAttachments.FolderOf, StringComparer.Ordinal).ThenBy(e => e, StringComparer.Ordinal);

    /// <summary>An entry's mail folder (its directory, or the export's name at the top) and that folder's conversation key.</summary>
    public static (string Folder, string Key) Of(IExportSource source, string entry)
    {
        var dir = ExportAttachments.FolderOf(entry);
        return (dir.Length == 0 ? Path.GetFileNameWithoutExtension(source.DisplayName) : dir, "email:" + (dir.Length == 0 ? source.DisplayName : dir));
    }

    private string? _key;
    private readonly List<string> _participants = [];
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ExportItem> Enter(string key, string folder)
    {
        if (_key == key) yield break;
        foreach (var item in Leave()) yield return item;
        _key = key;
        yield return new ConversationStarted(key, folder, true, []);
        if (EmailMapper.IsPrivateFolder(folder)) yield return new ExportNoteRead(key, ExportNoteKinds.SuggestedPrivate, folder);
    }

    public IEnumerable<ExportItem> Message(MessageRead message, EmailDetailsRead details)
    {
        Learn(message.Message.Sender);
        foreach (var a in details.To) Learn(a);
        foreach (var a in details.Cc) Learn(a);
        yield return details;
        yield return message;
    }

    public IEnumerable<ExportItem> Leave()
    {
        if (_key is null) yield break;
        yield return new ConversationCompleted(_key, _participants.ToList());
        _key = null;
        _participants.Clear();
        _seen.Clear();
    }

    private void Learn(string address)
    {
        if (address.Length > 0 && _seen.Add(address)) _participants.Add(address);
    }

    /// <summary>A stream MimeKit can parse without copying content into memory: the entry itself when it can seek, else a temporary copy.</summary>
    public static Stream Seekable(IExportSource source, string entry)
    {
        var s = source.Open(entry);
        if (s.CanSeek) return s;
        var temp = new FileStream(Path.Combine(Path.GetTempPath(), "chatarchive-mail-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        using (s) s.CopyTo(temp);
        temp.Position = 0;
        return temp;
    }
}

/// <summary>A mailbox exported as mbox (Thunderbird, Apple Mail, Google Takeout, mutt): one conversation per mbox file.</summary>
public sealed partial class MboxReader : IExportReader
{
    public string Format => ExportFormats.EmailMbox;

    public double Detect(IExportSource source) => MboxEntries(source).Any() ? 0.9 : 0;

    private static IEnumerable<string> MboxEntries(IExportSource source) =>
        source.Entries.Where(e => !e.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) && !e.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                                  && !e.EndsWith(".msf", StringComparison.OrdinalIgnoreCase) && LooksLikeMbox(FormatPrefix.Read(source, e, 4096)))
            .Order(StringComparer.Ordinal);

    internal static bool LooksLikeMbox(string prefix) =>
        prefix.StartsWith("From ", StringComparison.Ordinal) && HeaderLine().IsMatch(prefix);

    [GeneratedRegex(@"\n(?:From|Date|Subject|Message-ID|To|Received|Return-Path):", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex HeaderLine();

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var entries = MboxEntries(source).ToList();
        if (entries.Count == 0)
        {
            throw new ExportFormatException(
                $"In '{source.DisplayName}' staat geen mbox-bestand (een postvak dat begint met een regel 'From …'). Exporteer de map als mbox en probeer het opnieuw.",
                source.DisplayName);
        }
        var folders = new MailFolders();
        foreach (var entry in entries)
        {
            var folder = FolderName(entry);
            var key = "email:" + entry;
            foreach (var item in folders.Enter(key, folder)) yield return item;
            using var stream = MailFolders.Seekable(source, entry);
            var parser = new MimeParser(EmailMapper.Parser, stream, MimeFormat.Mbox, persistent: true);
            var number = 0;
            while (!parser.IsEndOfStream)
            {
                cancellationToken.ThrowIfCancellationRequested();
                MimeMessage message;
                try
                {
                    message = parser.ParseMessage(cancellationToken);
                }
                catch (FormatException e)
                {
                    throw new ExportFormatException(
                        $"Bericht {number + 1} in '{entry}' (vanaf byte {parser.MboxMarkerOffset}) is geen leesbaar e-mailbericht. Exporteer de map opnieuw.",
                        entry, null, e);
                }
                number++;
                var (read, details) = EmailMapper.Map(message, key, folder, $"Bericht {number} in '{entry}'");
                foreach (var item in folders.Message(read, details)) yield return item;
            }
        }
        foreach (var item in folders.Leave()) yield return item;
    }

    /// <summary>"Inbox", "Privé" (Thunderbird writes folders as files without extension, subfolders in "X.sbd/").</summary>
    internal static string FolderName(string entry)
    {
        var name = entry.Replace(".sbd/", "/", StringComparison.Ordinal);
        return name.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase) ? name[..^5] : name;
    }
}

/// <summary>A mailbox exported as a folder of .eml files (Outlook "Save as", most mail programs): one conversation per folder.</summary>
public sealed class EmlFolderReader : IExportReader
{
    public string Format => ExportFormats.EmailEml;

    public double Detect(IExportSource source)
    {
        var first = EmlEntries(source).FirstOrDefault();
        if (first is null) return 0;
        var prefix = "\n" + FormatPrefix.Read(source, first, 4096);
        return MboxReader.HeaderLine().IsMatch(prefix) ? 0.9 : 0.6;
    }

    private static IEnumerable<string> EmlEntries(IExportSource source) => MailFolders.EntriesByFolder(source, ".eml");

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var entries = EmlEntries(source).ToList();
        if (entries.Count == 0)
        {
            throw new ExportFormatException($"In '{source.DisplayName}' staan geen .eml-bestanden. Sla de berichten op als .eml en probeer het opnieuw.", source.DisplayName);
        }
        var folders = new MailFolders();
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (folder, key) = MailFolders.Of(source, entry);
            foreach (var item in folders.Enter(key, folder)) yield return item;
            using var stream = MailFolders.Seekable(source, entry);
            MimeMessage message;
            try
            {
                message = MimeMessage.Load(EmailMapper.Parser, stream, persistent: true, cancellationToken);
            }
            catch (FormatException e)
            {
                throw new ExportFormatException($"'{entry}' is geen leesbaar e-mailbericht (de kopregels ontbreken of zijn beschadigd). Sla het bericht opnieuw op.", entry, null, e);
            }
            var (read, details) = EmailMapper.Map(message, key, folder, $"'{entry}'");
            foreach (var item in folders.Message(read, details)) yield return item;
        }
        foreach (var item in folders.Leave()) yield return item;
    }
}

/// <summary>
/// Microsoft Graph message JSON (<c>GET /me/mailFolders/{id}/messages</c> pages as stored by an export script): one
/// conversation per folder of page files; an attachment's <c>contentBytes</c> is hashed. A page is read whole (Graph
/// pages hold at most a few hundred messages).
/// </summary>
public sealed class GraphMailReader : IExportReader
{
    public string Format => ExportFormats.EmailGraph;

    public double Detect(IExportSource source)
    {
        var first = JsonEntries(source).FirstOrDefault();
        if (first is null) return 0;
        var prefix = FormatPrefix.Read(source, first);
        return prefix.Contains("\"toRecipients\"", StringComparison.Ordinal) || prefix.Contains("\"internetMessageId\"", StringComparison.Ordinal) ? 0.92 : 0;
    }

    private static IEnumerable<string> JsonEntries(IExportSource source) => MailFolders.EntriesByFolder(source, ".json");

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var entries = JsonEntries(source).ToList();
        if (entries.Count == 0)
        {
            throw new ExportFormatException($"In '{source.DisplayName}' staan geen JSON-bestanden met Microsoft Graph-berichten.", source.DisplayName);
        }
        var folders = new MailFolders();
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (folder, key) = MailFolders.Of(source, entry);
            foreach (var item in folders.Enter(key, folder)) yield return item;
            foreach (var item in ReadPage(source, entry, key, folder, folders)) yield return item;
        }
        foreach (var item in folders.Leave()) yield return item;
    }

    private static IEnumerable<ExportItem> ReadPage(IExportSource source, string entry, string key, string folder, MailFolders folders)
    {
        JsonDocument doc;
        try
        {
            using var stream = source.Open(entry);
            doc = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ExportFormatException(
                $"'{entry}' is geen geldige JSON (regel {e.LineNumber + 1}). Exporteer de berichten opnieuw uit Microsoft Graph.", entry, e.LineNumber + 1, e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            var messages = root.ValueKind == JsonValueKind.Array ? root
                : root.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Array ? v
                : throw new ExportFormatException($"'{entry}' heeft niet de opbouw van een Graph-berichtenpagina (een lijst 'value').", entry);
            var index = 0;
            foreach (var m in messages.EnumerateArray())
            {
                index++;
                var (read, details) = Map(m, key, folder, entry, index);
                foreach (var item in folders.Message(read, details)) yield return item;
            }
        }
    }

    private static (MessageRead, EmailDetailsRead) Map(JsonElement m, string key, string folder, string entry, int index)
    {
        var id = Str(m, "internetMessageId");
        var where = $"Bericht {index} in '{entry}'" + (id is null ? "" : $" ({id})");
        var dateText = Str(m, "sentDateTime") ?? Str(m, "receivedDateTime");
        if (dateText is null || !DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent))
        {
            throw new ExportFormatException($"{where} heeft geen geldige datum ('sentDateTime'). Exporteer de berichten opnieuw.", entry);
        }
        var from = m.TryGetProperty("from", out var f) ? Recipient(f) : null;
        if (string.IsNullOrEmpty(from))
        {
            throw new ExportFormatException($"{where} heeft geen afzender ('from'). Exporteer de berichten opnieuw.", entry);
        }
        var text = "";
        if (m.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Object)
        {
            var content = Str(body, "content") ?? "";
            text = string.Equals(Str(body, "contentType"), "html", StringComparison.OrdinalIgnoreCase) ? HtmlText.Convert(content) : content;
            text = text.Replace("\r\n", "\n");
        }
        var attachments = new List<AttachmentRef>();
        if (m.TryGetProperty("attachments", out var atts) && atts.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in atts.EnumerateArray())
            {
                var name = Str(a, "name") ?? "";
                var type = Str(a, "contentType");
                if (Str(a, "contentBytes") is { } b64)
                {
                    byte[] bytes;
                    try
                    {
                        bytes = Convert.FromBase64String(b64);
                    }
                    catch (FormatException)
                    {
                        throw new ExportFormatException($"{where}: bijlage '{name}' heeft ongeldige inhoud (geen base64).", entry);
                    }
                    attachments.Add(ExportAttachments.FromBytes(bytes, name, type));
                }
                else
                {
                    attachments.Add(ExportAttachments.Omitted(name, type));
                }
            }
        }
        var to = List(m, "toRecipients");
        var cc = List(m, "ccRecipients");
        var conversationId = Str(m, "conversationId");
        var canonical = new CanonicalMessage(from, sent, text, attachments, SourceId: id);
        var details = new EmailDetailsRead(key, id, conversationId ?? id, Str(m, "subject") ?? "", to, cc, folder, EmailMapper.IsPrivateFolder(folder));
        return (new MessageRead(key, canonical), details);
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Recipient(JsonElement r)
    {
        if (!r.TryGetProperty("emailAddress", out var ea)) return null;
        var name = Str(ea, "name");
        var address = Str(ea, "address") ?? "";
        return string.IsNullOrWhiteSpace(name) || name == address ? address : $"{name} <{address}>";
    }

    private static List<string> List(JsonElement m, string name) =>
        m.TryGetProperty(name, out var arr) && arr.ValueKind == JsonValueKind.Array
            ? arr.EnumerateArray().Select(Recipient).Where(x => !string.IsNullOrEmpty(x)).Select(x => x!).ToList()
            : [];
}
