using System.Globalization;
using ChatArchive.Persistence.ReadOuts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Uitlezingen;

/// <summary>
/// Step 6, four eyes: the officeholder or their trustee sees only the messages offered to them (marked private,
/// party-political or special category) and agrees or disagrees with each, with a note when they disagree; submitted once.
/// </summary>
public sealed class ValiderenModel(IReadOutService readOuts, IReadOutWebAccess access, ReadOutQueries queries, IReadOutSignals signals)
    : ReadOutPageModel(readOuts, access)
{
    public IReadOnlyList<MessageView> Offered { get; private set; } = [];

    /// <summary>Per offered message the messages around it in its conversation (not excluded, not offered themselves), in chat order.</summary>
    public Dictionary<long, IReadOnlyList<ContextMessage>> Context { get; } = [];

    /// <summary>How many messages before and after an offered one are shown for context.</summary>
    public const int ContextEach = 2;
    public bool Submitted { get; private set; }

    /// <summary>What the form sent back, to show it again after a refusal.</summary>
    public Dictionary<long, (string? Choice, string? Note)> Posted { get; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (View != ReadOutPageView.Validator) return Forbidden();
        await ShowAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (View != ReadOutPageView.Validator) return Forbidden();
        var actor = await Access.ValidatorActorAsync(HttpContext, ReadOut, ct);
        if (actor is null) return Forbidden();
        await ShowAsync(ct);
        var form = await Request.ReadFormAsync(ct);
        var verdicts = new List<MessageVerdict>();
        var problems = new List<string>();
        foreach (var m in Offered)
        {
            var key = m.Id.ToString(CultureInfo.InvariantCulture);
            var choice = form["oordeel-" + key].ToString();
            var note = form["toelichting-" + key].ToString().Trim();
            Posted[m.Id] = (choice, note);
            if (choice is not ("akkoord" or "niet-akkoord")) problems.Add($"bericht van {WebTime.Short(m.SentAt)}: kies Akkoord of Niet akkoord");
            else if (choice == "niet-akkoord" && note.Length == 0) problems.Add($"bericht van {WebTime.Short(m.SentAt)}: schrijf bij Niet akkoord waarom");
            else verdicts.Add(new MessageVerdict(m.Id, choice == "akkoord", note.Length == 0 ? null : note));
        }
        if (problems.Count > 0)
        {
            Invalid("Er is nog niets opgeslagen. Maak het formulier af: " + string.Join("; ", problems) + ".");
            return Page();
        }
        try
        {
            var result = await ReadOuts.ValidateAsync(id, new ValidationRequest(verdicts, actor), ct);
            if (result.Outcome != ValidationOutcome.Pending) await signals.ValidationSubmittedAsync(result.ReadOut, result.Outcome, ct);
            ReadOut = result.ReadOut;
            Submitted = true;
            Offered = [];
            Message = Outcome(result);
        }
        catch (ReadOutException e)
        {
            Refused(e);
        }
        return Page();
    }

    /// <summary>The verdict on one message just saved by its own button (shown in place of the message).</summary>
    public sealed record SavedVerdict(long MessageId, bool Agrees);

    /// <summary>Set after one message's verdict was saved on its own.</summary>
    public SavedVerdict? Saved { get; private set; }

    /// <summary>A refusal of one message's verdict, shown at that message.</summary>
    public (long MessageId, string Text)? ItemProblem { get; private set; }

    /// <summary>
    /// Saves the verdict on one message (its own button). With htmx the answer is only that message's part (and the
    /// outcome when it was the last one); without JavaScript the page returns with the remaining messages.
    /// </summary>
    public async Task<IActionResult> OnPostEenAsync(long id, long bericht, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (View != ReadOutPageView.Validator) return Forbidden();
        var actor = await Access.ValidatorActorAsync(HttpContext, ReadOut, ct);
        if (actor is null) return Forbidden();
        await ShowAsync(ct);
        var m = Offered.FirstOrDefault(x => x.Id == bericht);
        if (m is null)
        {
            Message = "Dit bericht wacht niet (meer) op uw oordeel. Er is niets gewijzigd.";
            MessageIsError = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            if (IsHtmx) return Content($"<p class=\"message-error\" role=\"alert\" id=\"bericht-{bericht.ToString(CultureInfo.InvariantCulture)}\">{System.Net.WebUtility.HtmlEncode(Message)}</p>", "text/html; charset=utf-8");
            return Page();
        }
        var form = await Request.ReadFormAsync(ct);
        var key = m.Id.ToString(CultureInfo.InvariantCulture);
        var choice = form["oordeel-" + key].ToString();
        var note = form["toelichting-" + key].ToString().Trim();
        Posted[m.Id] = (choice, note);
        string? problem = choice is not ("akkoord" or "niet-akkoord") ? "Kies Akkoord of Niet akkoord. Er is niets opgeslagen."
            : choice == "niet-akkoord" && note.Length == 0 ? "Schrijf bij Niet akkoord waarom. Er is niets opgeslagen." : null;
        if (problem is null)
        {
            try
            {
                var result = await ReadOuts.ValidateAsync(id, new ValidationRequest([new MessageVerdict(m.Id, choice == "akkoord", note.Length == 0 ? null : note)], actor), ct);
                if (result.Outcome != ValidationOutcome.Pending) await signals.ValidationSubmittedAsync(result.ReadOut, result.Outcome, ct);
                ReadOut = result.ReadOut;
                Saved = new SavedVerdict(m.Id, choice == "akkoord");
                Posted.Remove(m.Id);
                Submitted = result.Outcome != ValidationOutcome.Pending;
                Message = Outcome(result);
                if (!IsHtmx) await ShowAsync(ct);
            }
            catch (ReadOutException e)
            {
                Refused(e);
                problem = e.Message;
            }
        }
        if (problem is not null)
        {
            ItemProblem = (m.Id, problem);
            if (Response.StatusCode < 400) Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        if (IsHtmx) return Partial("_ValidatieAntwoord", (this, m));
        if (problem is not null) Invalid("Er is niets opgeslagen: " + problem);
        if (Submitted) Offered = [];
        return Page();
    }

    private static string Outcome(ValidationResult result) => result.Outcome switch
    {
        ValidationOutcome.Agreed => "Dank u. U bent akkoord met alle berichten; de uitlezing is gevalideerd.",
        ValidationOutcome.Disputed => $"Dank u. {result.DisputedMessageIds.Count} bericht(en) gaan met uw toelichting terug naar de informatieprofessional.",
        _ => $"{result.Recorded} oordeel(en) opgeslagen; er wachten nog berichten op uw oordeel.",
    };

    private async Task ShowAsync(CancellationToken ct)
    {
        var page = await queries.MessagesAsync(ReadOut.Id, new MessageQuery(1, ReadOutQueries.MaxPageSize, AwaitingValidation: true, IncludeText: true), ct);
        Offered = page.Items;
        var offered = Offered.Select(m => m.Id).ToHashSet();
        foreach (var m in Offered)
        {
            Context[m.Id] = (await queries.ContextAsync(ReadOut.Id, m.Id, ContextEach, ct)).Where(c => !offered.Contains(c.Id)).ToList();
        }
        if (Offered.Count > 0) await Access.ContentShownAsync(HttpContext, ReadOut.Id, null, validation: true, ct);
    }
}
