using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;

namespace ChatArchive.Ingestion.Sms;

/// <summary>
/// Android "SMS Backup &amp; Restore" (SyncTech) XML: <c>&lt;smses&gt;</c> with <c>&lt;sms&gt;</c> and <c>&lt;mms&gt;</c>
/// elements (FORMATS.md §3). One backup holds every conversation of the phone; a conversation is a number
/// (sms and 1:1 mms) or a set of numbers (group mms). Messages come out in time order.
/// </summary>
public sealed class SmsBackupReader : IExportReader
{
    public string Format => ExportFormats.SmsBackupRestore;

    public double Detect(IExportSource source)
    {
        var best = 0.0;
        foreach (var entry in XmlEntries(source).Take(4))
        {
            best = Math.Max(best, Score(FormatPrefix.Read(source, entry)));
        }
        return best;
    }

    private static double Score(string prefix)
    {
        if (!prefix.Contains("<smses", StringComparison.Ordinal))
        {
            return 0;
        }
        var score = 0.75;
        if (prefix.Contains("SMS Backup", StringComparison.OrdinalIgnoreCase))
        {
            score += 0.15;
        }
        if (prefix.Contains("<sms ", StringComparison.Ordinal) || prefix.Contains("<mms ", StringComparison.Ordinal))
        {
            score += 0.05;
        }
        return score;
    }

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var entries = XmlEntries(source).Where(e => Score(FormatPrefix.Read(source, e)) > 0).ToList();
        if (entries.Count == 0)
        {
            // A single file is read anyway so that the person gets the precise reason (wrong root, DTD, encoding).
            entries = XmlEntries(source).Take(1).ToList();
        }
        if (entries.Count == 0)
        {
            throw new ExportFormatException(
                $"In '{source.DisplayName}' staat geen XML-back-up van SMS Backup & Restore (sms-….xml). Maak een back-up in de app en lever dat bestand aan.",
                source.DisplayName);
        }
        return ReadEntries(source, entries, cancellationToken);
    }

    private static IEnumerable<ExportItem> ReadEntries(IExportSource source, List<string> entries, CancellationToken cancellationToken)
    {
        var started = new HashSet<string>(StringComparer.Ordinal);
        var learned = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var prefix = FormatPrefix.Read(source, entry);
            var doctype = prefix.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
            long? dtdLine = doctype < 0 ? null : 1 + prefix.AsSpan(0, doctype).Count('\n');
            using var sms = new SmsElementCursor(source.Open(entry), entry, "sms", dtdLine);
            using var mms = new SmsElementCursor(source.Open(entry), entry, "mms", dtdLine);
            var a = sms.Next();
            var b = mms.Next();
            while (a is not null || b is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SmsRecord next;
                if (b is null || (a is not null && a.Message.Sent <= b.Message.Sent))
                {
                    next = a!;
                    a = sms.Next();
                }
                else
                {
                    next = b;
                    b = mms.Next();
                }
                if (started.Add(next.ConversationKey))
                {
                    yield return new ConversationStarted(next.ConversationKey, next.Title, next.IsGroup, next.Participants);
                    learned[next.ConversationKey] = [.. next.Participants];
                }
                else
                {
                    // A name or number seen only in a later message of the thread (a contact saved later, a member added).
                    var known = learned[next.ConversationKey];
                    foreach (var p in next.Participants)
                    {
                        if (!known.Contains(p)) known.Add(p);
                    }
                    if (!known.Contains(next.Message.Sender)) known.Add(next.Message.Sender);
                }
                yield return new MessageRead(next.ConversationKey, next.Message, next.Line);
            }
        }
        // Threads interleave in a backup (time order over the whole phone): every participant learned is reported at the end.
        foreach (var (key, participants) in learned)
        {
            yield return new ConversationCompleted(key, participants);
        }
    }

    /// <summary>Backups are named sms-&lt;date&gt;.xml; call logs (calls-….xml) are not messages.</summary>
    private static IEnumerable<string> XmlEntries(IExportSource source) =>
        source.Entries.Where(e => e.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
                                  && !Path.GetFileName(e).StartsWith("calls", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
}
