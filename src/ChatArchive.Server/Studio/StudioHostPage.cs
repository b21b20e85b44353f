using System.Net;
using System.Text;
using ChatArchive.Domain.Registry;
using ChatArchive.Server.Audit;
using ChatArchive.Server.Auth;
using ChatArchive.Workflows.Engine;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.AspNetCore.Antiforgery;

namespace ChatArchive.Server.Studio;

/// <summary>
/// The Dutch page at /studio that hosts the real Elsa Studio custom elements (ELSA-STUDIO-CONTRACT.md
/// "Custom elements"): definition list, editor, instance list and instance viewer, all pointed at this
/// server's /elsa/api (absolute) with a bearer token for the signed-in user and tenant-id = their department.
/// A 401/404 kills a Studio element without a message, so the elements are only rendered for a signed-in
/// user allowed to design; everyone else is sent to /aanmelden or gets a Dutch explanation.
/// </summary>
public static class StudioHostPage
{
    /// <summary>Roles that design workflows in Studio (ARCHITECTURE.md "Who uses it": the process owner).</summary>
    public static readonly IReadOnlyList<string> DesignerRoles = [Roles.ProcessOwner, Roles.Administrator];

    /// <summary>The view a request asks for: the definition list, the editor, the instance list or the viewer, with its id.</summary>
    public sealed record View(string Name, string? Id = null);

    /// <summary>
    /// The view named by <c>?definitie=</c>, <c>?instantie=</c>, <c>?weergave=instanties</c>, or by one of Studio's own
    /// deep links under /studio/ (<c>workflows/definitions/{id}/edit</c>, <c>workflows/instances/{id}/view</c>, the two
    /// lists), which Studio puts in the address bar and a browser reloads. Null for any other path.
    /// </summary>
    public static View? ViewFor(HttpRequest request, string? deepLink)
    {
        if (deepLink is not null)
        {
            var parts = deepLink.Trim('/').Split('/');
            return parts switch
            {
                ["definitions"] => new View("definitions"),
                ["instances"] => new View("instances"),
                ["definitions", var id, "edit"] when id.Length > 0 => new View("editor", id),
                ["instances", var id, "view"] when id.Length > 0 => new View("viewer", id),
                _ => null,
            };
        }
        if (request.Query["definitie"].ToString() is { Length: > 0 } definition) return new View("editor", definition);
        if (request.Query["instantie"].ToString() is { Length: > 0 } instance) return new View("viewer", instance);
        return request.Query["weergave"] == "instanties" ? new View("instances") : new View("definitions");
    }

    public static async Task<IResult> RenderAsync(HttpContext context, SignInSessions sessions, StudioOptions options, StudioPackageFiles files,
        IWorkflowDefinitionService definitions, IAntiforgery antiforgery, string? deepLink)
    {
        var user = CurrentUser.FromPrincipal(context.User);
        if (user is null)
        {
            var returnUrl = Uri.EscapeDataString(context.Request.Path + context.Request.QueryString);
            return Results.Redirect($"/aanmelden?returnUrl={returnUrl}");
        }
        if (!IsDesigner(user)) return NotADesigner();
        if (!options.IsInstalled)
        {
            return Results.Content(
                Shell("Studio niet geïnstalleerd", "<p>Het Elsa Studio-pakket is niet gevonden op deze server. " +
                    "Voer <code>npm install</code> uit in de map <code>studio/</code> (of stel " +
                    $"<code>{StudioOptions.PackagePathKey}</code> in) en laad deze pagina opnieuw.</p>"),
                "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status503ServiceUnavailable);
        }
        if (ViewFor(context.Request, deepLink) is not { } view) return NotFound("Deze pagina van de Studio bestaat niet.");

        string? templateBanner = null;
        if (view.Name == "editor")
        {
            // Another department's workflow is "not found" (no existence leak), like the Studio API answers.
            var definition = await definitions.GetAsync(view.Id!, VersionOptions.Latest, TenantScope.ForDepartment(user.Department!), context.RequestAborted);
            if (definition is null) return NotFound($"Werkstroom '{view.Id}' bestaat niet of hoort niet bij uw departement.");
            if (definition.TenantId is null) templateBanner = TemplateBanner(definition, antiforgery.GetAndStoreTokens(context));
        }

        var endpoint = options.ApiEndpoint(context);
        // Tied to the cookie's session: signing out (or deactivation, or a role change) ends Studio's token too.
        var token = sessions.IssueTokenForSession(context.User).AccessToken;
        // The definition list is on screen at once, in our own rendering, until Studio's own list replaces it.
        var firstView = view.Name == "definitions"
            ? StudioFirstView.Render(await StudioFirstView.LoadAsync(definitions, user.Department!, context.RequestAborted), user.Department!)
            : null;
        var html = Page(endpoint, token, user, view, files.Version, templateBanner, firstView);
        context.Response.Headers.CacheControl = "no-store";
        // The copy form posts back here: the server's check of cross-site writes needs the browser's Origin header,
        // which a page with the default "no-referrer" policy sends as "null".
        context.Response.Headers["Referrer-Policy"] = "same-origin";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>
    /// "Kopieer naar mijn departement": copies a government-wide template into the signed-in process owner's
    /// department (published, editable there) and opens the copy in the editor.
    /// </summary>
    public static async Task<IResult> CopyTemplateAsync(HttpContext context, string definitionId, IWorkflowDefinitionService definitions,
        IAntiforgery antiforgery)
    {
        var user = CurrentUser.FromPrincipal(context.User);
        if (user is null) return Results.Redirect("/aanmelden");
        if (!IsDesigner(user)) return NotADesigner();
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Page400("De pagina was verlopen. Open het sjabloon opnieuw en klik nog eens op ‘Kopieer naar mijn departement’.");
        }
        try
        {
            var copy = await definitions.CopyTemplateAsync(definitionId, user.Department!, null, context.RequestAborted);
            await context.AuditAsync(Persistence.Audit.AuditActions.WorkflowDefinitionChange + "-copy-to-department", "workflow-definition", definitionId);
            return Results.Redirect($"{StudioOptions.RequestPath}?definitie={Uri.EscapeDataString(copy.DefinitionId)}");
        }
        catch (WorkflowEngineException e) when (e.Kind is WorkflowErrorKind.NotFound)
        {
            return NotFound(e.Message);
        }
        catch (WorkflowEngineException e) when (e.Kind is WorkflowErrorKind.Conflict or WorkflowErrorKind.Validation)
        {
            await context.AuditAsync(Persistence.Audit.AuditActions.WorkflowDefinitionChange + "-copy-to-department", "workflow-definition", definitionId, success: false);
            return Results.Content(Shell("Kopiëren niet gelukt", $"<p>{Attr(e.Message)}</p>"), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status409Conflict);
        }
    }

    private static bool IsDesigner(CurrentUser user) => DesignerRoles.Any(user.IsInRole) && !user.AllDepartments;

    private static IResult NotADesigner() => Results.Content(
        Shell("Geen toegang", "<p>Alleen procesbeheerders van een departement kunnen werkstromen ontwerpen. " +
            "Vraag uw functioneel beheerder om de rol procesbeheerder als u deze pagina nodig hebt.</p>"),
        "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status403Forbidden);

    private static IResult NotFound(string message) => Results.Content(
        Shell("Niet gevonden", $"<p>{Attr(message)}</p><p><a href=\"{StudioOptions.RequestPath}\">Naar de werkstromen van uw departement</a></p>"),
        "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);

    private static IResult Page400(string message) => Results.Content(
        Shell("Niet gelukt", $"<p>{Attr(message)}</p>"), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status400BadRequest);

    /// <summary>Shown above the read-only editor of a government-wide template, in place of Studio's English banner and "Duplicate".</summary>
    private static string TemplateBanner(WorkflowDefinition template, AntiforgeryTokenSet tokens) => $$"""
        <section class="ca-template" aria-labelledby="ca-template-title">
            <h2 id="ca-template-title">Rijksbreed sjabloon: alleen lezen</h2>
            <p>‘{{Attr(template.Name.Length > 0 ? template.Name : template.DefinitionId)}}’ is een sjabloon voor alle departementen. U kunt het hier bekijken maar niet wijzigen.
            Kopieer het naar uw departement om het aan te passen aan uw eigen beleid (frequentie van uitlezen, schoonbeleid, wie welke taak krijgt).</p>
            <form method="post" action="{{StudioOptions.RequestPath}}/sjablonen/{{Uri.EscapeDataString(template.DefinitionId)}}/kopieer">
                <input type="hidden" name="{{Attr(tokens.FormFieldName)}}" value="{{Attr(tokens.RequestToken ?? "")}}">
                <button type="submit" class="ca-copy">Kopieer naar mijn departement</button>
            </form>
        </section>
        """;

    private static string Attr(string value) => WebUtility.HtmlEncode(value);

    private static string Shell(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="nl">
        <head><meta charset="utf-8"><title>{{Attr(title)}} – ChatArchief</title>
        <style>body{font-family:system-ui,"Segoe UI",Arial,sans-serif;margin:2rem;color:#1a1a1a}</style></head>
        <body><main><h1>{{Attr(title)}}</h1>{{body}}<p><a href="/">Terug naar de startpagina</a></p></main></body>
        </html>
        """;

    /// <summary>The views whose Studio element shows code editors (activity inputs, the definition's JSON).</summary>
    private static readonly HashSet<string> ViewsWithCodeEditor = ["editor", "viewer"];

    /// <summary>
    /// The Monaco code editor (BlazorMonaco): 3.6 MB of script that the browser parses and runs on the page's main thread,
    /// beside the .NET runtime starting. Only the editor and the instance viewer show a code editor; the two lists do not
    /// load it (every view is its own page load, see studio-host.js).
    /// </summary>
    private static string MonacoScripts(View view, string v) => ViewsWithCodeEditor.Contains(view.Name)
        ? string.Join("\n", new[] { "_content/BlazorMonaco/jsInterop.js", "_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js",
            "_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js" }.Select(src => $"<script src=\"{src}{v}\"></script>"))
        : "<!-- The lists show no code editor: Monaco is loaded by the editor and the instance viewer only. -->";

    private static string Page(string endpoint, string token, CurrentUser user, View view, string version, string? templateBanner, string? firstView)
    {
        // ?v= the package version: the browser may keep these for a year (StudioPackageFiles.CachingFor).
        var v = version.Length > 0 ? "?v=" + Uri.EscapeDataString(version) : "";
        // Every element also gets the shared parameters: elements created later (editor, viewer) read them
        // from their own attributes, and a changed access-token attribute is ignored by Studio.
        var shared = $"remote-endpoint=\"{Attr(endpoint)}\" access-token=\"{Attr(token)}\" tenant-id=\"{Attr(user.Department)}\"";
        return $$"""
            <!DOCTYPE html>
            <html lang="nl">
            <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1.0">
                <title>Werkstromen ontwerpen – ChatArchief</title>
                <base href="{{StudioOptions.RequestPath}}/">
                <link rel="icon" type="image/png" sizes="32x32" href="_content/Elsa.Studio.Shell/favicon-32x32.png{{v}}">
                <link href="_content/MudBlazor/MudBlazor.min.css{{v}}" rel="stylesheet">
                <link href="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.css{{v}}" rel="stylesheet">
                <link href="_content/Radzen.Blazor/css/material-base.css{{v}}" rel="stylesheet">
                <link href="_content/Elsa.Studio.Shell/css/shell.css{{v}}" rel="stylesheet">
                <link href="Elsa.Studio.Host.CustomElements.styles.css{{v}}" rel="stylesheet">
                <style>
                    /* System fonts only: no external font services (offline government networks). */
                    body { font-family: system-ui, "Segoe UI", Arial, sans-serif; margin: 0; color: #1a1a1a; }
                    .ca-header { background: #154273; color: #fff; padding: .75rem 1.5rem; display: flex; gap: 2rem; align-items: center; flex-wrap: wrap; }
                    .ca-header h1 { font-size: 1.25rem; margin: 0; }
                    .ca-header nav button { background: transparent; color: #fff; border: 1px solid #fff; padding: .4rem .9rem; margin-right: .5rem; cursor: pointer; font: inherit; }
                    .ca-header nav button[aria-current="page"] { background: #fff; color: #154273; }
                    .ca-header .ca-who { margin-left: auto; font-size: .9rem; }
                    .ca-header a { color: #fff; }
                    main { padding: 1rem 1.5rem; }
                    .ca-panel { min-height: 70vh; }
                    .ca-panel[hidden] { display: none; }
                    .ca-back { margin-bottom: .75rem; font: inherit; padding: .3rem .8rem; cursor: pointer; }
                    .ca-template { border-left: .3rem solid #154273; background: #e7eef6; padding: .5rem 1rem; margin-bottom: .75rem; }
                    .ca-template h2 { font-size: 1.1rem; margin: .3rem 0; }
                    .ca-copy { font: inherit; padding: .4rem 1rem; background: #154273; color: #fff; border: 0; cursor: pointer; }
                    .ca-copy:focus-visible, .ca-header nav button:focus-visible { outline: 3px solid #f9e11e; outline-offset: 2px; }
                    .ca-mount.ca-wachtend { position: absolute; left: -200vw; width: calc(100vw - 3rem); }
                    {{StudioFirstView.Css}}
                    #blazor-error-ui { display: none; background: #ffe9e9; padding: .75rem 1.5rem; position: fixed; bottom: 0; left: 0; right: 0; }
                </style>
            </head>
            <body>
            <header class="ca-header">
                <h1>Werkstromen ontwerpen</h1>
                <nav aria-label="Onderdelen van de Studio">
                    <button type="button" data-show="definitions" aria-current="page">Werkstromen</button>
                    <button type="button" data-show="instances">Gestarte werkstromen</button>
                </nav>
                <p class="ca-who">Departement <strong id="ca-department">{{Attr(user.Department)}}</strong> · {{Attr(user.Name)}} · <a href="/">Startpagina</a></p>
            </header>
            <main data-base="{{StudioOptions.RequestPath}}" data-view="{{Attr(view.Name)}}" data-id="{{Attr(view.Id ?? "")}}">
                <elsa-backend-provider {{shared}}></elsa-backend-provider>
                <section id="definitions" class="ca-panel" aria-label="Werkstromen van het departement">
                    {{firstView ?? ""}}
                    <div class="ca-mount"></div>
                </section>
                <section id="editor" class="ca-panel" aria-label="Werkstroom bewerken" hidden>
                    <button type="button" class="ca-back" data-show="definitions">← Terug naar de werkstromen</button>
                    {{templateBanner ?? ""}}
                    <div class="ca-mount"></div>
                </section>
                <section id="instances" class="ca-panel" aria-label="Gestarte werkstromen" hidden>
                    <div class="ca-mount"></div>
                </section>
                <section id="viewer" class="ca-panel" aria-label="Gestarte werkstroom bekijken" hidden>
                    <button type="button" class="ca-back" data-show="instances">← Terug naar de gestarte werkstromen</button>
                    <div class="ca-mount"></div>
                </section>
            </main>
            <div id="blazor-error-ui" role="alert">
                Er ging iets mis in de Studio. <a href="" class="reload">Laad de pagina opnieuw</a>.
                <a class="dismiss" href="#" aria-label="Melding sluiten">✕</a>
            </div>
            {{MonacoScripts(view, v)}}
            <script src="_content/MudBlazor/MudBlazor.min.js{{v}}"></script>
            <script src="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.js{{v}}"></script>
            <script src="_content/Radzen.Blazor/Radzen.Blazor.js{{v}}"></script>
            <script src="_framework/blazor.webassembly.js{{v}}" autostart="false"></script>
            <script src="{{StudioHostScript.Address}}"></script>
            </body>
            </html>
            """;
    }
}
