using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence.ReadOuts;
using Microsoft.AspNetCore.Http;

namespace ChatArchive.Web;

/// <summary>How much of a read-out the signed-in user sees on the pages (the same answer as the API's access rules).</summary>
public enum ReadOutPageView
{
    /// <summary>Nothing: the page answers 404, as if the read-out did not exist.</summary>
    None,
    /// <summary>Counts, states and findings; never message text (auditors, archivists, process owners, administrators).</summary>
    Overview,
    /// <summary>The officeholder or their trustee: only the messages offered to them, while the read-out is offered.</summary>
    Validator,
    /// <summary>The information professional of the department.</summary>
    Professional,
}

/// <summary>
/// The read-out access rules of the API, offered to the pages. The server implements it with its own ReadOutAccess
/// (the one place of those rules), so the pages never decide access on their own.
/// </summary>
public interface IReadOutWebAccess
{
    Task<ReadOutPageView> ViewAsync(HttpContext http, ReadOutState readOut, CancellationToken ct);

    /// <summary>The department whose read-outs the caller lists (the registry's scope), or null for every department.</summary>
    Task<long?> DepartmentAsync(HttpContext http, CancellationToken ct);

    /// <summary>The role the caller validates this read-out in, or null when they may not.</summary>
    Task<Actor?> ValidatorActorAsync(HttpContext http, ReadOutState readOut, CancellationToken ct);

    /// <summary>The information professional acting (call only after <see cref="ViewAsync"/> said Professional).</summary>
    Actor Professional(HttpContext http);

    Task<bool> MaySeeChecklistAsync(HttpContext http, ChecklistView checklist, CancellationToken ct);

    /// <summary>Who answers this checklist, or null when the caller may only look.</summary>
    Task<Actor?> ChecklistActorAsync(HttpContext http, ChecklistView checklist, CancellationToken ct);

    /// <summary>
    /// Message text of this read-out was shown (review, optionally one conversation opened, or validation): an audit
    /// event, as the API records it. Ids only.
    /// </summary>
    Task ContentShownAsync(HttpContext http, long readOutId, long? conversationId, bool validation, CancellationToken ct);
}

/// <summary>Dutch words for the read-out's states, labels and findings, in one place for every page.</summary>
public static partial class ReadOutWords
{
    public static string Stage(ReadOutStage stage) => stage switch
    {
        ReadOutStage.Planned => "Gepland",
        ReadOutStage.Uploaded => "Export ontvangen",
        ReadOutStage.Ingested => "Ingelezen",
        ReadOutStage.Suggested => "Voorstellen klaar, wacht op beoordeling",
        ReadOutStage.InReview => "In beoordeling",
        ReadOutStage.Offered => "Aangeboden ter validatie",
        ReadOutStage.Validated => "Gevalideerd",
        ReadOutStage.Cleaned => "Geschoond",
        ReadOutStage.Sealed => "Verzegeld",
        _ => stage.ToString(),
    };

    public static string Label(MessageLabel label) => label switch
    {
        MessageLabel.Private => "Privé",
        MessageLabel.PartyPolitical => "Partijpolitiek",
        _ => "Zakelijk",
    };

    public static string Wire(MessageLabel label) => label switch
    {
        MessageLabel.Private => "private",
        MessageLabel.PartyPolitical => "party-political",
        _ => "business",
    };

    public static bool TryParse(string? wire, out MessageLabel label)
    {
        switch (wire)
        {
            case "business": label = MessageLabel.Business; return true;
            case "private": label = MessageLabel.Private; return true;
            case "party-political": label = MessageLabel.PartyPolitical; return true;
            default: label = MessageLabel.Business; return false;
        }
    }

    public static string Status(string status) => status switch
    {
        "AwaitingReview" => "Nog niet beoordeeld",
        "ReturnedToProfessional" => "Teruggestuurd na validatie",
        "Reviewed" => "Beoordeeld",
        "Validated" => "Gevalideerd",
        "Final" => "Definitief",
        _ => status,
    };

    public static bool IsUndecided(string status) => status is "AwaitingReview" or "ReturnedToProfessional";

    public static string Finding(string kind) => kind switch
    {
        "missing" or "missing-since-read-out" => "Berichten ontbreken sinds de vorige uitlezing",
        "disappearing-on" => "Verdwijnende berichten aangezet",
        "disappearing-off" => "Verdwijnende berichten uitgezet",
        "gap" => "Tussenpoos tussen uitlezingen te lang",
        "tombstone" or "deletion" or "deleted-for-everyone" => "Verwijderd bericht in de export",
        "days-since-previous-read-out" => "Dagen sinds de vorige uitlezing",
        "span-covered" => "Periode die de export van dit gesprek beslaat",
        "date-order-assumed" => "Volgorde van dag en maand aangenomen",
        "unknown-notice" => "Onbekende regels in de export",
        "suggested-private" => "Map met 'Privé' in de naam",
        "conversation-renamed" => "Gesprek heeft een andere naam gekregen",
        "sender-renamed" => "Afzender heeft een andere naam gekregen",
        _ => kind,
    };

    /// <summary>
    /// A finding's detail or a reader's refusal as a page shows it: the export readers also serve the command line, whose options
    /// ("geef --date-order op") a user of these pages cannot give.
    /// </summary>
    public static string WithoutCommandLineAdvice(string text) => WebUserAdvice.For(text);

    /// <summary>
    /// A finding's detail as a person reads it: without command-line advice, and every instant the readers write as ISO 8601
    /// ("2024-02-10T08:00:00+01:00", a span as "…/…") in Dutch and Amsterdam time ("van 10 februari 2024 om 08:00 tot en met …").
    /// </summary>
    public static string FindingDetail(string text)
    {
        var dutch = IsoSpan().Replace(WithoutCommandLineAdvice(text), m => $"van {DutchInstant(m.Groups[1].Value)} tot en met {DutchInstant(m.Groups[2].Value)}");
        return IsoInstant().Replace(dutch, m => DutchInstant(m.Value));
    }

    private static string DutchInstant(string iso) =>
        DateTimeOffset.TryParse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at) ? WebTime.DayAndTime(at) : iso;

    private const string Instant = @"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})";

    [System.Text.RegularExpressions.GeneratedRegex("(" + Instant + ")/(" + Instant + ")")]
    private static partial System.Text.RegularExpressions.Regex IsoSpan();

    [System.Text.RegularExpressions.GeneratedRegex(Instant)]
    private static partial System.Text.RegularExpressions.Regex IsoInstant();

    public static string Resolution(FindingResolution r) => r switch
    {
        FindingResolution.Discussed => "Besproken met de bewindspersoon",
        FindingResolution.Explained => "Verklaard",
        FindingResolution.Escalated => "Geëscaleerd",
        _ => r.ToString(),
    };

    /// <summary>
    /// Whether a finding still needs an answer before sealing: a kind that must be answered (the read-out's own rule,
    /// <see cref="FindingView.NeedsAnswer"/>) and not answered yet. Informational findings never do.
    /// </summary>
    public static bool NeedsAnswer(FindingView finding) => finding.NeedsAnswer && finding.Resolution is null;
}
