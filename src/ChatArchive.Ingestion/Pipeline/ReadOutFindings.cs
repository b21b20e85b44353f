using System.Globalization;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Pipeline;

/// <summary>
/// Collects the findings that one read-out shows on its own (issue 3 §4): deleted-for-everyone
/// tombstones, disappearing messages switched on (when, by whom, still on at the end), the span
/// each conversation covers, and decisions a reader had to make. Findings that need history
/// (missing since read-out N, days since the previous read-out) come from the merge.
/// Holds counters and findings only, never the messages.
/// </summary>
public sealed class ReadOutFindings
{
    public const string TombstoneDetail = "Bericht is voor iedereen verwijderd; alleen de melding staat in de export.";

    private readonly List<Finding> _findings = [];
    private readonly Dictionary<string, ConversationSpan> _spans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (SystemEvent Event, bool On)> _disappearing = new(StringComparer.Ordinal);
    private readonly List<(string Key, SystemEvent Event)> _switchedOn = [];

    public long Messages { get; private set; }
    public long SystemEvents { get; private set; }
    public long Attachments { get; private set; }
    public long Tombstones { get; private set; }

    public IReadOnlyDictionary<string, ConversationSpan> Spans => _spans;

    public void Observe(ExportItem item)
    {
        switch (item)
        {
            case ConversationStarted s:
                Span(s.ConversationKey);
                break;
            case MessageRead m:
                Messages++;
                Attachments += m.Message.Attachments.Count;
                Span(m.ConversationKey).Add(m.Message.Sent);
                if (m.Message.Deleted)
                {
                    Tombstones++;
                    _findings.Add(new Finding(FindingKinds.DeletedForEveryone, m.Message.Sent, m.Message.Sender, TombstoneDetail, m.ConversationKey));
                }
                break;
            case SystemEventRead e:
                SystemEvents++;
                if (e.Event.Kind == SystemEventKind.DisappearingOn)
                {
                    _switchedOn.Add((e.ConversationKey, e.Event));
                }
                if (e.Event.Kind is SystemEventKind.DisappearingOn or SystemEventKind.DisappearingOff)
                {
                    // The latest switch decides "still on at the end"; the file is not sorted (FORMATS.md §1.2).
                    if (!_disappearing.TryGetValue(e.ConversationKey, out var last) || e.Event.At >= last.Event.At)
                    {
                        _disappearing[e.ConversationKey] = (e.Event, e.Event.Kind == SystemEventKind.DisappearingOn);
                    }
                }
                break;
            case ExportNoteRead n when n.Kind == ExportNoteKinds.DateOrderAssumed:
                _findings.Add(new Finding(FindingKinds.DateOrderAssumed, null, null,
                    "De volgorde van dag en maand blijkt niet uit de export; dag-maand-jaar is aangenomen. Controleer de datums of geef --date-order op.",
                    n.ConversationKey));
                break;
            case ExportNoteRead n when n.Kind == ExportNoteKinds.SuggestedPrivate:
                _findings.Add(new Finding(FindingKinds.SuggestedPrivate, null, null,
                    "Map met 'Privé' in de naam: de berichten zijn voorgesteld als privé en worden aan de ambtsdrager voorgelegd ter bevestiging " +
                    "(Handreiking §2.1.1, Gedragsregeling). Gemengde privé/zakelijke mail is zakelijk.",
                    n.ConversationKey));
                break;
            case ExportNoteRead n when n.Kind == ExportNoteKinds.UnknownNotice:
                _findings.Add(new Finding(FindingKinds.UnknownNotice, null, null,
                    $"Regels die geen bericht, vervolgregel of bekende melding zijn (aantal: regelnummers): {n.Detail}. " +
                    "Ze zijn bewaard zoals ze eruitzien; controleer ze (mogelijk een melding in een taal die de meldingencatalogus nog niet kent).",
                    n.ConversationKey));
                break;
        }
    }

    /// <summary>The findings of this read-out on its own, in a stable order.</summary>
    public IReadOnlyList<Finding> Complete()
    {
        var result = new List<Finding>(_findings);
        foreach (var (key, on) in _switchedOn)
        {
            var stillOn = _disappearing.TryGetValue(key, out var last) && last.On;
            var detail = stillOn && last.Event == on
                ? "Tijdelijke berichten aangezet en aan het eind van de export nog aan: berichten van na dit moment kunnen ontbreken (Handreiking §2.2.2: tijdelijke berichten uit)."
                : stillOn
                    ? "Tijdelijke berichten aangezet; later opnieuw aangezet en aan het eind van de export nog aan."
                    : $"Tijdelijke berichten aangezet; later uitgezet op {last.Event.At.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}. Berichten uit die periode kunnen ontbreken.";
            result.Add(new Finding(FindingKinds.DisappearingOn, on.At, on.Actor, detail, key));
        }
        foreach (var (key, span) in _spans)
        {
            if (span.First is { } f && span.Last is { } l)
            {
                result.Add(new Finding(FindingKinds.SpanCovered, f, null,
                    $"{Iso(f)}/{Iso(l)} ({span.Messages} berichten)", key));
            }
        }
        return result;
    }

    public static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private ConversationSpan Span(string key)
    {
        if (!_spans.TryGetValue(key, out var s))
        {
            s = new ConversationSpan();
            _spans[key] = s;
        }
        return s;
    }
}
