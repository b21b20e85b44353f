using System.Net;
using System.Text;
using ChatArchive.Domain.Registry;
using ChatArchive.Server.Auth;

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

    public static IResult Render(HttpContext context, SignInSessions sessions, StudioOptions options)
    {
        var user = CurrentUser.FromPrincipal(context.User);
        if (user is null)
        {
            var returnUrl = Uri.EscapeDataString(context.Request.Path + context.Request.QueryString);
            return Results.Redirect($"/aanmelden?returnUrl={returnUrl}");
        }
        if (!DesignerRoles.Any(user.IsInRole) || user.AllDepartments)
        {
            return Results.Content(
                Shell("Geen toegang", "<p>Alleen procesbeheerders van een departement kunnen werkstromen ontwerpen. " +
                    "Vraag uw functioneel beheerder om de rol procesbeheerder als u deze pagina nodig hebt.</p>"),
                "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status403Forbidden);
        }
        if (!options.IsInstalled)
        {
            return Results.Content(
                Shell("Studio niet geïnstalleerd", "<p>Het Elsa Studio-pakket is niet gevonden op deze server. " +
                    "Voer <code>npm install</code> uit in de map <code>studio/</code> (of stel " +
                    $"<code>{StudioOptions.PackagePathKey}</code> in) en laad deze pagina opnieuw.</p>"),
                "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status503ServiceUnavailable);
        }

        var endpoint = options.ApiEndpoint(context);
        // Tied to the cookie's session: signing out (or deactivation, or a role change) ends Studio's token too.
        var token = sessions.IssueTokenForSession(context.User).AccessToken;
        var html = Page(endpoint, token, user);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static string Attr(string value) => WebUtility.HtmlEncode(value);

    private static string Shell(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="nl">
        <head><meta charset="utf-8"><title>{{Attr(title)}} – ChatArchief</title>
        <style>body{font-family:system-ui,"Segoe UI",Arial,sans-serif;margin:2rem;color:#1a1a1a}</style></head>
        <body><main><h1>{{Attr(title)}}</h1>{{body}}<p><a href="/">Terug naar de startpagina</a></p></main></body>
        </html>
        """;

    private static string Page(string endpoint, string token, CurrentUser user)
    {
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
                <link rel="icon" type="image/png" sizes="32x32" href="_content/Elsa.Studio.Shell/favicon-32x32.png">
                <link href="_content/MudBlazor/MudBlazor.min.css" rel="stylesheet">
                <link href="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.css" rel="stylesheet">
                <link href="_content/Radzen.Blazor/css/material-base.css" rel="stylesheet">
                <link href="_content/Elsa.Studio.Shell/css/shell.css" rel="stylesheet">
                <link href="Elsa.Studio.Host.CustomElements.styles.css" rel="stylesheet">
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
            <main>
                <elsa-backend-provider {{shared}}></elsa-backend-provider>
                <section id="definitions" class="ca-panel" aria-label="Werkstromen van het departement">
                    <div class="ca-mount"></div>
                </section>
                <section id="editor" class="ca-panel" aria-label="Werkstroom bewerken" hidden>
                    <button type="button" class="ca-back" data-show="definitions">← Terug naar de werkstromen</button>
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
            <script src="_content/BlazorMonaco/jsInterop.js"></script>
            <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js"></script>
            <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js"></script>
            <script src="_content/MudBlazor/MudBlazor.min.js"></script>
            <script src="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.js"></script>
            <script src="_content/Radzen.Blazor/Radzen.Blazor.js"></script>
            <script src="_framework/blazor.webassembly.js"></script>
            <script>
            (function () {
                // One Studio element per page load: each element brings its own MudBlazor popover provider, and a
                // second one on the page (even while the first is being disposed) crashes ("Duplicate MudPopoverProvider").
                // Switching views therefore navigates; the package files come from the browser cache (ETag).
                const shared = document.querySelector('elsa-backend-provider');
                const views = {
                    definitions: { tag: 'elsa-workflow-definition-list', nav: 'definitions' },
                    editor: { tag: 'elsa-workflow-definition-editor', nav: 'definitions', param: 'definition-id' },
                    instances: { tag: 'elsa-workflow-instance-list', nav: 'instances' },
                    viewer: { tag: 'elsa-workflow-instance-viewer', nav: 'instances', param: 'instance-id' },
                };
                const go = query => location.assign(location.pathname + query);
                const query = new URLSearchParams(location.search);
                const view = query.get('definitie') ? 'editor' : query.get('instantie') ? 'viewer' : query.get('weergave') === 'instanties' ? 'instances' : 'definitions';
                const v = views[view];
                document.querySelectorAll('.ca-panel').forEach(p => p.hidden = p.id !== view);
                document.querySelectorAll('.ca-header nav button').forEach(b => b.toggleAttribute('aria-current', b.dataset.show === v.nav));
                document.querySelectorAll('[data-show]').forEach(b => b.addEventListener('click', () =>
                    go(b.dataset.show === 'instances' ? '?weergave=instanties' : '')));
                const el = document.createElement(v.tag);
                ['remote-endpoint', 'access-token', 'tenant-id'].forEach(a => el.setAttribute(a, shared.getAttribute(a)));
                if (v.param) el.setAttribute(v.param, query.get(view === 'editor' ? 'definitie' : 'instantie'));
                // Callbacks are set once the element is defined: a property set before the upgrade would shadow Studio's setter.
                customElements.whenDefined(v.tag).then(() => {
                    if (view === 'definitions' || view === 'viewer') el.editWorkflowDefinition = id => go('?definitie=' + encodeURIComponent(id));
                    if (view === 'instances') el.viewWorkflowInstance = id => go('?instantie=' + encodeURIComponent(id));
                });
                document.querySelector('#' + view + ' .ca-mount').appendChild(el);
            })();
            </script>
            </body>
            </html>
            """;
    }
}
