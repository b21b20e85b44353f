using System.Globalization;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Dekking;

/// <summary>
/// <c>/auditspoor</c>: auditors (and administrators) search the audit trail — who did what, when, to which object, with
/// which outcome — by period, action and user, newest first, 50 a page, and export the same selection as CSV (the API's
/// export, itself an audit event). The trail holds ids and codes only: no message text, names or phone numbers.
/// </summary>
public sealed class AuditspoorModel(IAuditTrail trail) : WebPageModel
{
    public const int PageSize = 50;
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    [FromQuery(Name = "van")] public string? FromFilter { get; set; }
    [FromQuery(Name = "tot")] public string? ToFilter { get; set; }
    [FromQuery(Name = "actie")] public string? ActionFilter { get; set; }
    [FromQuery(Name = "gebruiker")] public string? UserFilter { get; set; }
    [FromQuery(Name = "pagina")] public int PageNumber { get; set; } = 1;

    public AuditPage? Result { get; private set; }
    public List<string> Errors { get; } = [];

    /// <summary>The actions to choose from (the codes as stored; the CSV shows them the same way).</summary>
    public static IReadOnlyList<string> Actions { get; } = typeof(AuditActions).GetFields()
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)
        .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsInRole(Roles.Auditor) && !Me.IsInRole(Roles.Administrator)) return StatusCode(StatusCodes.Status403Forbidden);
        var from = Day(FromFilter, "van");
        var to = Day(ToFilter, "tot");
        // "tot en met" a day: up to the start of the next.
        if (to is not null) to = to.Value.AddDays(1);
        if (from is not null && to is not null && to <= from) Errors.Add("De datum 'tot en met' ligt voor de datum 'van'. Kies een latere einddatum.");
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        PageNumber = Math.Max(1, PageNumber);
        Result = await trail.QueryAsync(new AuditQuery(from, to, Blank(ActionFilter), Blank(UserFilter), PageNumber, PageSize), ct);
        return Page();
    }

    /// <summary>The same selection as a query string, for the API (CSV) or this page (another page number).</summary>
    public string Query(bool api = false, int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value) { if (!string.IsNullOrWhiteSpace(value)) parts.Add($"{name}={Uri.EscapeDataString(value.Trim())}"); }
        Add(api ? "from" : "van", FromFilter);
        Add(api ? "to" : "tot", api && ToFilter is { } t && DateOnly.TryParseExact(t.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : ToFilter);
        Add(api ? "action" : "actie", ActionFilter);
        Add(api ? "user" : "gebruiker", UserFilter);
        if (page is > 1) Add("pagina", page.Value.ToString(CultureInfo.InvariantCulture));
        return string.Join("&", parts);
    }

    public int PageCount => Result is null ? 0 : (int)Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public static string Outcome(string outcome) => outcome switch
    {
        AuditOutcomes.Success => "gelukt",
        AuditOutcomes.Failed => "mislukt",
        AuditOutcomes.Denied => "geweigerd",
        AuditOutcomes.AlreadyDone => "was al gedaan",
        _ => outcome,
    };

    /// <summary>A day (jjjj-mm-dd) from its start in Dutch time; a Dutch message for anything else.</summary>
    private DateTimeOffset? Day(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            Errors.Add($"'{text}' bij '{field}' is geen datum. Geef een datum als jjjj-mm-dd, bijvoorbeeld 2024-09-16.");
            return null;
        }
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Amsterdam.GetUtcOffset(local));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
