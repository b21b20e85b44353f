using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Pipeline;

/// <summary>The outcome of comparing two read-outs of one chat (issue 3 §3, CLI <c>compare</c>).</summary>
public sealed record ComparisonResult(long New, long Known, IReadOnlyList<CanonicalMessage> Missing);

/// <summary>
/// Compares an earlier and a later export of the same chat as multisets of fingerprints, without a
/// database: a message of the earlier export that the later one lacks, inside the span the later
/// one covers, is missing (probably deleted on the phone). A later export that starts later (the
/// WhatsApp cap, FORMATS.md §1.1) therefore reports nothing before its start.
/// Memory: one counter per distinct fingerprint of the later export, plus the missing messages.
/// Conversations are paired by key, or directly when each export holds a single conversation
/// (the title can differ when a contact was renamed in between, FORMATS.md §1.8 item 12).
/// </summary>
public static class ReadOutComparer
{
    public static ComparisonResult Compare(IEnumerable<ExportItem> earlier, IEnumerable<ExportItem> later, CancellationToken ct = default)
    {
        var laterCounts = new OccurrenceCounter();
        var spans = new Dictionary<string, ConversationSpan>(StringComparer.Ordinal);
        var laterTitles = new List<(string Key, string Title)>();
        long laterTotal = 0;
        foreach (var item in later)
        {
            switch (item)
            {
                case ConversationStarted s:
                    laterTitles.Add((s.ConversationKey, s.Title));
                    break;
                case MessageRead m:
                    laterTotal++;
                    if ((laterTotal & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                    laterCounts.Next(m.ConversationKey, Fingerprint.Of(m.Message));
                    if (!spans.TryGetValue(m.ConversationKey, out var span)) spans[m.ConversationKey] = span = new ConversationSpan();
                    span.Add(m.Message.Sent);
                    break;
            }
        }

        var earlierOccurrences = new OccurrenceCounter();
        var missing = new List<CanonicalMessage>();
        var earlierTitles = new List<(string Key, string Title)>();
        var pairing = new Dictionary<string, string?>(StringComparer.Ordinal);
        long matched = 0;
        foreach (var item in earlier)
        {
            switch (item)
            {
                case ConversationStarted s:
                    earlierTitles.Add((s.ConversationKey, s.Title));
                    break;
                case MessageRead m:
                    if (!pairing.TryGetValue(m.ConversationKey, out var laterKey))
                    {
                        laterKey = Pair(m.ConversationKey, earlierTitles, laterTitles);
                        pairing[m.ConversationKey] = laterKey;
                    }
                    if (laterKey is null) continue; // the later read-out does not contain this chat at all
                    var fp = Fingerprint.Of(m.Message);
                    var occurrence = earlierOccurrences.Next(laterKey, fp);
                    if (laterCounts.Count(laterKey, fp) > occurrence)
                    {
                        matched++;
                    }
                    else if (spans.TryGetValue(laterKey, out var span) && span.Covers(m.Message.Sent))
                    {
                        missing.Add(m.Message);
                    }
                    break;
            }
        }
        return new ComparisonResult(laterTotal - matched, matched, missing);
    }

    private static string? Pair(string earlierKey, List<(string Key, string Title)> earlierTitles, List<(string Key, string Title)> laterTitles)
    {
        if (laterTitles.Any(t => t.Key == earlierKey)) return earlierKey;
        var title = earlierTitles.FirstOrDefault(t => t.Key == earlierKey).Title;
        var byTitle = laterTitles.Where(t => t.Title == title).ToList();
        if (byTitle.Count == 1) return byTitle[0].Key;
        if (earlierTitles.Count == 1 && laterTitles.Count == 1) return laterTitles[0].Key;
        return null;
    }
}
