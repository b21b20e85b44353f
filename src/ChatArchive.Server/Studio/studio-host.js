// The Studio host page's start-up (served as /studio/ca-studio.js: the page's Content-Security-Policy allows no inline script).
(function () {
    // One Studio element per page load: each element brings its own MudBlazor popover provider, and a
    // second one on the page (even while the first is being disposed) crashes ("Duplicate MudPopoverProvider").
    // Switching views therefore navigates; the package files come from the browser cache.
    const shared = document.querySelector('elsa-backend-provider');
    const views = {
        definitions: { tag: 'elsa-workflow-definition-list', nav: 'definitions' },
        editor: { tag: 'elsa-workflow-definition-editor', nav: 'definitions', param: 'definition-id' },
        instances: { tag: 'elsa-workflow-instance-list', nav: 'instances' },
        viewer: { tag: 'elsa-workflow-instance-viewer', nav: 'instances', param: 'instance-id' },
    };
    // The server read the view from the query or from Studio's own deep link (workflows/definitions/{id}/edit).
    const main = document.querySelector('main');
    const base = main.dataset.base;
    const go = query => location.assign(base + query);
    const view = main.dataset.view;
    const id = main.dataset.id;
    const v = views[view];
    document.querySelectorAll('.ca-panel').forEach(p => p.hidden = p.id !== view);
    document.querySelectorAll('.ca-header nav button').forEach(b => b.toggleAttribute('aria-current', b.dataset.show === v.nav));
    document.querySelectorAll('[data-show]').forEach(b => b.addEventListener('click', () =>
        go(b.dataset.show === 'instances' ? '?weergave=instanties' : '')));
    const el = document.createElement(v.tag);
    ['remote-endpoint', 'access-token', 'tenant-id'].forEach(a => el.setAttribute(a, shared.getAttribute(a)));
    if (v.param) el.setAttribute(v.param, id);
    // Callbacks are set once the element is defined: a property set before the upgrade would shadow Studio's setter.
    customElements.whenDefined(v.tag).then(() => {
        if (view === 'definitions' || view === 'viewer') el.editWorkflowDefinition = id => go('?definitie=' + encodeURIComponent(id));
        if (view === 'instances') el.viewWorkflowInstance = id => go('?instantie=' + encodeURIComponent(id));
    });
    document.querySelector('#' + view + ' .ca-mount').appendChild(el);

    // The server's own rendering of the definition list stays until Studio's list shows its rows (its pager has
    // counted them), then Studio's interactive list takes its place (the mark 'ca-studio-lijst' says when).
    const first = document.getElementById('ca-eerste-weergave');
    if (first && view === 'definitions') {
        // Studio renders off-screen and inert meanwhile (not display:none, which would leave its components unmeasured).
        const mount = el.parentElement;
        mount.classList.add('ca-wachtend');
        mount.inert = true;
        // Studio's list is shown when one of our rows' definition ids is in its table (the same query, so in the same render
        // as its rows: nothing of Studio's list is on screen while ours is gone), or, should the data have changed in
        // between, once its pager has counted rows (two captions, "Rows Per Page" and "1-6 van 6").
        const ids = new Set([...first.querySelectorAll('tbody tr td:first-child')].map(td => td.textContent.trim()));
        const studioListShown = () => {
            if ([...el.querySelectorAll('tbody td')].some(td => ids.has(td.textContent.trim()))) return true;
            const counted = [...el.querySelectorAll('.mud-table-pagination-caption')].some(c => /\d/.test(c.textContent));
            return counted && el.querySelector('tbody tr td') !== null;
        };
        const observer = new MutationObserver(() => {
            if (!studioListShown()) return;
            observer.disconnect();
            first.remove();
            performance.mark('ca-studio-lijst');
            mount.classList.remove('ca-wachtend');
            mount.inert = false;
        });
        observer.observe(el, { childList: true, subtree: true, characterData: true });
    }

    // Dutch where the prebuilt Studio allows it (docs/notes/studio-localization.md): Studio reads its culture
    // from localStorage 'BlazorCulture' (Elsa.Studio.Localization), the runtime loads the Dutch resources of
    // MudBlazor for the application culture. Fingerprinted files are fetched without Blazor's default
    // "no-cache" mode, so a warm open takes them from the browser cache without asking the server.
    try { localStorage.setItem('BlazorCulture', 'nl-NL'); } catch (e) { /* private mode: English texts stay */ }
    // Integrity: the hashes are in dotnet.js, served by this same server as the files they check, so checking
    // them again on every open protects against nothing a changed server could not also change; it costs
    // hashing the ~34 MB of framework files on the page's main thread at each open (docs/notes/studio-2026-12-07f.md).
    Blazor.start({ applicationCulture: 'nl-NL', configureRuntime: runtime => runtime.withConfig({ disableNoCacheFetch: true, disableIntegrityCheck: true }) });
})();
