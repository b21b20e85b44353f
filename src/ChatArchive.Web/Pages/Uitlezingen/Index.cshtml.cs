using ChatArchive.Persistence.ReadOuts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Uitlezingen;

/// <summary>
/// The department's read-outs, newest first, in pages of <see cref="PageSize"/>, filtered by state: the officeholder
/// (function title), the period of the messages, the counts and a link to the step the read-out is in. Never message
/// text. What the caller may open is decided per read-out by <see cref="IReadOutWebAccess"/>, as on the read-out pages.
/// </summary>
public sealed class ReadOutListModel(ReadOutQueries queries, IReadOutWebAccess access) : WebPageModel
{
    public const int PageSize = 25;

    public IReadOnlyList<(ReadOutListItem Item, ReadOutPageView View)> Rows { get; private set; } = [];
    public long Total { get; private set; }

    /// <summary>Filter on the state (the stage's name, e.g. <c>Offered</c>); empty = every state.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    public ReadOutStage? Stage => Enum.TryParse<ReadOutStage>(State, out var s) && Enum.IsDefined(s) && !int.TryParse(State, out _) ? s : null;

    public int LastPage => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(State) && Stage is null)
        {
            // An unknown state in the address: a clear refusal on the page, nothing listed.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            State = null;
            Refusal = "Deze status bestaat niet. Kies een status uit de lijst.";
            return Page();
        }
        PageNumber = Math.Max(1, PageNumber);
        var department = await access.DepartmentAsync(HttpContext, ct);
        var page = await queries.PageAsync(department, Stage, PageNumber, PageSize, ct);
        Total = page.Total;
        var rows = new List<(ReadOutListItem, ReadOutPageView)>(page.Items.Count);
        foreach (var item in page.Items)
        {
            var view = await access.ViewAsync(HttpContext, item.State, ct);
            if (view != ReadOutPageView.None) rows.Add((item, view));
        }
        Rows = rows;
        return Page();
    }

    public string? Refusal { get; private set; }

    public string Link(int page)
    {
        var parts = new List<string>();
        if (Stage is { } s) parts.Add("status=" + s);
        if (page > 1) parts.Add("pagina=" + page);
        return parts.Count == 0 ? "/uitlezingen" : "/uitlezingen?" + string.Join("&", parts);
    }

    /// <summary>The page for the step the read-out is in, with its Dutch link text.</summary>
    public static (string Href, string Text) Next(ReadOutState ro, ReadOutPageView view) => ro.Stage switch
    {
        ReadOutStage.Planned or ReadOutStage.Uploaded when view == ReadOutPageView.Professional => ($"/uitlezingen/{ro.Id}/upload", "Export uploaden"),
        ReadOutStage.Offered when view == ReadOutPageView.Validator => ($"/uitlezingen/{ro.Id}/valideren", "Valideren"),
        ReadOutStage.Offered => ($"/uitlezingen/{ro.Id}/beoordelen", "Validatie volgen"),
        ReadOutStage.Sealed or ReadOutStage.Cleaned => ($"/uitlezingen/{ro.Id}/beoordelen", "Pakket en besluiten bekijken"),
        _ => ($"/uitlezingen/{ro.Id}/beoordelen", "Beoordelen"),
    };
}
