using System.Globalization;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence.ReadOuts;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Uitlezingen;

/// <summary>
/// Step 4, review (schonen): the read-out's conversations with counts, its messages paged and filtered, a decision per
/// message (accept the suggestion or choose a label) and in bulk per conversation or per contact, the suggestion's
/// reasons, the progress, and the offer for validation. Only the information professional sees text; staff with an
/// overview (auditor, archivist, process owner, administrator) see counts only.
/// </summary>
public sealed class BeoordelenModel(IReadOutService readOuts, IReadOutWebAccess access, ReadOutQueries queries, IReadOutSignals signals)
    : ReadOutPageModel(readOuts, access)
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true, Name = "gesprek")] public long? Conversation { get; set; }
    [BindProperty(SupportsGet = true, Name = "voorstel")] public string? Suggested { get; set; }
    [BindProperty(SupportsGet = true, Name = "bijzonder")] public bool SpecialOnly { get; set; }
    [BindProperty(SupportsGet = true, Name = "open")] public bool UndecidedOnly { get; set; }
    [BindProperty(SupportsGet = true, Name = "contact")] public string? Contact { get; set; }
    [BindProperty(SupportsGet = true, Name = "zoek")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagina")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "besloten")] public int? DecidedNow { get; set; }

    public IReadOnlyList<ConversationSummary> Conversations { get; private set; } = [];
    public MessagePage Messages { get; private set; } = new(0, 1, PageSize, []);
    public long Decided => ReadOut.Messages - ReadOut.Undecided;
    public bool MayDecide => IsProfessional && ReadOut.Stage is ReadOutStage.Suggested or ReadOutStage.InReview;
    public bool MayOffer => MayDecide && ReadOut.Undecided == 0 && ReadOut.Messages > 0;
    public int LastPage => (int)Math.Max(1, (Messages.Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (View == ReadOutPageView.Validator) return Forbidden();
        if (DecidedNow is { } n) Message = Done(n);
        await ShowAsync(ct);
        return Page();
    }

    /// <summary>One decision: scope <c>message</c>, <c>conversation</c> or <c>contact</c>; label empty = accept the suggestion (message only).</summary>
    public async Task<IActionResult> OnPostDecideAsync(long id, string? scope, string? target, string? label, string? note, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (!IsProfessional) return Forbidden();
        DecisionScope? s = scope switch
        {
            "message" => DecisionScope.Message, "conversation" => DecisionScope.Conversation, "contact" => DecisionScope.Contact, "filter" => DecisionScope.Messages, _ => null,
        };
        MessageLabel? chosen = null;
        if (s == DecisionScope.Messages)
        {
            // Per current filter: the open messages the filter finds now (every page), decided together in one transaction.
            if (!HasFilter)
            {
                Invalid("Kies eerst een filter; zonder filter beslist u per bericht, gesprek of contact. Er is niets gewijzigd.");
                await ReloadAsync(ct);
                await ShowAsync(ct);
                return IsHtmx ? Partial("_Beoordeling", this) : Page();
            }
            var ids = await OpenInFilterAsync(ct);
            target = ids.Count == 0 ? "" : string.Join(",", ids);
            if (ids.Count == 0)
            {
                Invalid("Dit filter vindt geen open berichten meer. Er is niets gewijzigd.");
                await ReloadAsync(ct);
                await ShowAsync(ct);
                return IsHtmx ? Partial("_Beoordeling", this) : Page();
            }
        }
        if (s is null || string.IsNullOrWhiteSpace(target))
        {
            Invalid("Het formulier was onvolledig: kies een bericht, gesprek of contact. Er is niets gewijzigd.");
        }
        else if (!string.IsNullOrEmpty(label) && !ReadOutWords.TryParse(label, out var parsed))
        {
            Invalid("Kies zakelijk, privé of partijpolitiek. Er is niets gewijzigd.");
        }
        else if (string.IsNullOrEmpty(label) && s != DecisionScope.Message)
        {
            Invalid("Kies voor een heel gesprek, contact of filter een label: zakelijk, privé of partijpolitiek. Er is niets gewijzigd.");
        }
        else
        {
            if (!string.IsNullOrEmpty(label) && ReadOutWords.TryParse(label, out var l)) chosen = l;
            try
            {
                var result = await ReadOuts.DecideAsync(id, new DecisionRequest(s.Value, target.Trim(), chosen, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), Access.Professional(HttpContext)), ct);
                if (IsHtmx)
                {
                    // With JavaScript: the review part again (progress, conversations, this page of messages), no page load.
                    Message = Done(result.Decided);
                    await ReloadAsync(ct);
                    await ShowAsync(ct);
                    return Partial("_Beoordeling", this);
                }
                return RedirectToPage(new { id, gesprek = Conversation, voorstel = Suggested, bijzonder = SpecialOnly ? true : (bool?)null, open = UndecidedOnly ? true : (bool?)null,
                    contact = Contact, zoek = Search, pagina = PageNumber > 1 ? PageNumber : (int?)null, besloten = result.Decided });
            }
            catch (ReadOutException e)
            {
                Refused(e);
            }
        }
        await ReloadAsync(ct);
        await ShowAsync(ct);
        return IsHtmx ? Partial("_Beoordeling", this) : Page();
    }

    private static string Done(int decided) => decided == 1 ? "1 bericht beoordeeld." : $"{decided} berichten beoordeeld.";

    public async Task<IActionResult> OnPostOfferAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (!IsProfessional) return Forbidden();
        try
        {
            var state = await ReadOuts.OfferForValidationAsync(id, Access.Professional(HttpContext), ct: ct);
            await signals.ReviewOfferedAsync(state, ct);
            ReadOut = state;
            Message = state.Stage == ReadOutStage.Offered
                ? $"Aangeboden ter validatie: {state.AwaitingValidation} gemarkeerde berichten wachten op de bewindspersoon of vertrouwenspersoon."
                : "Klaar: er hoeft niets gevalideerd te worden, de uitlezing is gevalideerd.";
        }
        catch (ReadOutException e)
        {
            Refused(e);
            await ReloadAsync(ct);
        }
        await ShowAsync(ct);
        return Page();
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        Conversations = await queries.ConversationsAsync(ReadOut.Id, ct);
        if (!IsProfessional) return;
        PageNumber = Math.Max(1, PageNumber);
        Messages = await queries.MessagesAsync(ReadOut.Id, Query(PageNumber, PageSize, UndecidedOnly ? true : null), ct);
        if (Messages.Items.Count > 0) await Access.ContentShownAsync(HttpContext, ReadOut.Id, Conversation, validation: false, ct);
        OpenInFilter = MayDecide && HasFilter
            ? (UndecidedOnly ? Messages.Total : (await queries.MessagesAsync(ReadOut.Id, Query(1, 1, true) with { IncludeText = false }, ct)).Total)
            : 0;
    }

    /// <summary>A filter other than the page is set: the bulk "per current filter" is offered.</summary>
    public bool HasFilter => Filter(1).Count > 0;

    /// <summary>How many open messages the current filter finds (all pages): what the bulk per filter would decide.</summary>
    public long OpenInFilter { get; private set; }

    private MessageQuery Query(int page, int size, bool? undecided)
    {
        MessageLabel? suggested = ReadOutWords.TryParse(Suggested, out var l) ? l : null;
        if (suggested is null) Suggested = null;
        return new MessageQuery(page, size, suggested, SpecialOnly ? true : null, undecided,
            string.IsNullOrWhiteSpace(Contact) ? null : Contact, string.IsNullOrWhiteSpace(Search) ? null : Search, Conversation);
    }

    /// <summary>The ids of every open message the current filter finds, page by page.</summary>
    private async Task<List<long>> OpenInFilterAsync(CancellationToken ct)
    {
        var ids = new List<long>();
        for (var page = 1; ; page++)
        {
            var found = await queries.MessagesAsync(ReadOut.Id, Query(page, ReadOutQueries.MaxPageSize, true) with { IncludeText = false }, ct);
            ids.AddRange(found.Items.Select(m => m.Id));
            if (found.Items.Count < ReadOutQueries.MaxPageSize || ids.Count >= found.Total) return ids;
        }
    }

    /// <summary>The current filter as query values, for links (paging) and the forms' hidden fields.</summary>
    public Dictionary<string, string> Filter(int? page = null)
    {
        var d = new Dictionary<string, string>();
        if (Conversation is { } c) d["gesprek"] = c.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(Suggested)) d["voorstel"] = Suggested;
        if (SpecialOnly) d["bijzonder"] = "true";
        if (UndecidedOnly) d["open"] = "true";
        if (!string.IsNullOrWhiteSpace(Contact)) d["contact"] = Contact;
        if (!string.IsNullOrWhiteSpace(Search)) d["zoek"] = Search;
        var p = page ?? PageNumber;
        if (p > 1) d["pagina"] = p.ToString(CultureInfo.InvariantCulture);
        return d;
    }

    public string Link(int page) =>
        $"/uitlezingen/{ReadOut.Id}/beoordelen" + (Filter(page) is { Count: > 0 } f ? "?" + string.Join("&", f.Select(kv => kv.Key + "=" + Uri.EscapeDataString(kv.Value))) : "");
}
