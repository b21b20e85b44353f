using System.Globalization;
using System.Net;
using System.Text;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Server.Studio;

/// <summary>
/// The definition list as the server renders it into the host page (issue 13 item 3): the same data and columns as Studio's
/// own list on its first page (the department's workflows and the government-wide templates, latest versions ordered by
/// name, ten to a page, with the published version beside the latest), readable at once and without JavaScript. Studio's
/// list takes its place once it shows its rows (studio-host.js). Read with the same tenant scope as the Studio API gives
/// this user: the host page is only rendered for a designer of one department.
/// </summary>
public static class StudioFirstView
{
    /// <summary>Rows on Studio's first page (its default page size).</summary>
    public const int PageSize = 10;

    public const string ElementId = "ca-eerste-weergave";

    public sealed record Row(string DefinitionId, string Name, string? Description, int LatestVersion, int? PublishedVersion);

    public sealed record List(IReadOnlyList<Row> Rows, long TotalCount);

    /// <summary>The two reads Studio itself makes: the latest versions of the first page, then which of those are published.</summary>
    public static async Task<List> LoadAsync(IWorkflowDefinitionService definitions, string department, CancellationToken ct)
    {
        var scope = TenantScope.ForDepartment(department);
        var latest = await definitions.ListAsync(new WorkflowDefinitionQuery
        {
            VersionOptions = VersionOptions.Latest,
            Tenant = department,
            IncludeTemplates = true,
            Page = 0,
            PageSize = PageSize,
            OrderBy = DefinitionOrder.Name,
        }, scope, ct);
        var ids = latest.Items.Select(d => d.DefinitionId).ToList();
        var published = ids.Count == 0
            ? []
            : (await definitions.ListAsync(new WorkflowDefinitionQuery
            {
                VersionOptions = VersionOptions.Published,
                Tenant = department,
                IncludeTemplates = true,
                DefinitionIds = ids,
                PageSize = ids.Count,
            }, scope, ct)).Items.ToDictionary(d => d.DefinitionId, d => d.Version, StringComparer.Ordinal);
        var rows = latest.Items
            .Select(d => new Row(d.DefinitionId, d.Name, d.Description, d.Version, published.TryGetValue(d.DefinitionId, out var p) ? p : null))
            .ToList();
        return new List(rows, latest.TotalCount);
    }

    public static string Render(List list, string department)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <div id="{ElementId}" class="ca-first">
                <h2 id="ca-first-title">Werkstromen van departement {Enc(department)}</h2>
                <p class="ca-first-note">De Studio wordt geladen. Tot die klaar is, ziet u hier de werkstromen van uw departement en de rijksbrede sjablonen; klik op een naam om de werkstroom te openen.</p>
            """);
        if (list.Rows.Count == 0)
        {
            html.Append("<p>Uw departement heeft nog geen werkstromen.</p></div>");
            return html.ToString();
        }
        html.Append("""
            <table aria-labelledby="ca-first-title">
            <thead><tr><th scope="col">Definitie-id</th><th scope="col">Naam</th><th scope="col">Laatste versie</th><th scope="col">Gepubliceerde versie</th><th scope="col">Omschrijving</th></tr></thead>
            <tbody>
            """);
        foreach (var row in list.Rows)
        {
            var name = row.Name.Length > 0 ? row.Name : row.DefinitionId;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Enc(row.DefinitionId)}</td><td><a href=\"{StudioOptions.RequestPath}?definitie={Uri.EscapeDataString(row.DefinitionId)}\">{Enc(name)}</a></td>" +
                $"<td>{row.LatestVersion}</td><td>{(row.PublishedVersion is { } p ? p.ToString(CultureInfo.InvariantCulture) : "–")}</td><td>{Enc(row.Description ?? "")}</td></tr>\n");
        }
        html.Append(CultureInfo.InvariantCulture, $"</tbody></table>\n<p class=\"ca-first-count\">1–{list.Rows.Count} van {list.TotalCount}</p>\n</div>");
        return html.ToString();
    }

    /// <summary>Styles of the first view, in the host page's style element.</summary>
    public const string Css = """
        .ca-first h2 { font-size: 1.25rem; color: #154273; margin: .5rem 0; }
        .ca-first table { border-collapse: collapse; width: 100%; background: #fff; }
        .ca-first th, .ca-first td { text-align: left; padding: .6rem .75rem; border-bottom: 1px solid #d0d0d0; }
        .ca-first a { color: #154273; }
        .ca-first a:focus-visible { outline: 3px solid #f9e11e; outline-offset: 2px; }
        """;

    private static string Enc(string value) => WebUtility.HtmlEncode(value);
}
