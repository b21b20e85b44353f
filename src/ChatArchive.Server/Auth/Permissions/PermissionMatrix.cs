using ChatArchive.Domain.Registry;

namespace ChatArchive.Server.Auth.Permissions;

/// <summary>How far a role's right reaches (the third axis of the matrix: role × action × scope).</summary>
public enum Scope
{
    /// <summary>Only the officeholders the user is, or is trustee for.</summary>
    OwnOfficeholder,

    /// <summary>The user's own department (a government-wide user, department "*", sees every department).</summary>
    OwnDepartment,

    /// <summary>Every department (auditors, archivists, government-wide administrators).</summary>
    All,

    /// <summary>Only a government-wide user (department "*") of this role; a department's own user is refused.</summary>
    GovernmentWideOnly,

    /// <summary>Only a user of one department (designing workflows happens in a department); government-wide users are refused.</summary>
    DepartmentOnly,
}

/// <summary>One row of the matrix: the action in words, and which roles may do it with which scope.</summary>
public sealed record Permission(string Action, bool Anonymous, IReadOnlyDictionary<string, Scope> Roles)
{
    public bool Allows(CurrentUser user) =>
        Roles.Any(r => user.IsInRole(r.Key) && r.Value switch
        {
            Scope.GovernmentWideOnly => user.AllDepartments,
            Scope.DepartmentOnly => !user.AllDepartments,
            _ => true,
        });
}

/// <summary>
/// THE permission matrix: every endpoint and page of the server, keyed by "METHOD route-pattern" exactly as
/// routing sees it (group prefix included, "*" for any method), with the roles that may call it and their
/// scope. <see cref="PermissionMiddleware"/> enforces the role axis on every request before the handler runs
/// (so before validation: a 403 never depends on whether the input was valid or the record exists), and fails
/// closed: an endpoint without a row answers 403. The scope axis is applied by the handlers' queries
/// (RegistryScope, StudioTenant, the task service), which keep each department's data apart.
/// <para>
/// Adding an endpoint: add ONE line below in its section, e.g.
/// <c>["GET /api/read-outs/{id}"] = Rule("uitlezing bekijken", Professionals),</c>.
/// The test PermissionMatrixTests walks every endpoint of the running server and fails for any endpoint
/// without a line here, and for any role whose answer disagrees with its line (docs/SECURITY.md).
/// </para>
/// </summary>
public static class PermissionMatrix
{
    // Role sets with their natural scope: officeholders and trustees see their own officeholder, auditors and
    // archivists every department, the others their own department.
    private static readonly (string Role, Scope Scope)[] EveryoneSigned =
    [
        (Roles.Administrator, Scope.OwnDepartment), (Roles.ProcessOwner, Scope.OwnDepartment), (Roles.InformationProfessional, Scope.OwnDepartment),
        (Roles.Officeholder, Scope.OwnOfficeholder), (Roles.Trustee, Scope.OwnOfficeholder), (Roles.Auditor, Scope.All), (Roles.Archivist, Scope.All),
    ];

    /// <summary>Registry managers: administrator, process owner, information professional of the department.</summary>
    private static readonly (string, Scope)[] Managers =
        [(Roles.Administrator, Scope.OwnDepartment), (Roles.ProcessOwner, Scope.OwnDepartment), (Roles.InformationProfessional, Scope.OwnDepartment)];

    /// <summary>Personal data of third parties (contacts): managers and the officeholder or trustee themselves; never auditors or archivists.</summary>
    private static readonly (string, Scope)[] PersonalDataReaders =
        [.. Managers, (Roles.Officeholder, Scope.OwnOfficeholder), (Roles.Trustee, Scope.OwnOfficeholder)];

    /// <summary>Workflow designers (Studio): process owners and administrators OF a department (not government-wide).</summary>
    private static readonly (string, Scope)[] Designers = [(Roles.ProcessOwner, Scope.DepartmentOnly), (Roles.Administrator, Scope.DepartmentOnly)];

    /// <summary>Who may look at workflows: process owners and administrators, and auditors (read-only, every department).</summary>
    private static readonly (string, Scope)[] WorkflowReaders =
        [(Roles.ProcessOwner, Scope.OwnDepartment), (Roles.Administrator, Scope.OwnDepartment), (Roles.Auditor, Scope.All)];

    /// <summary>Who works on human tasks: everyone but the auditor, who only looks.</summary>
    private static readonly (string, Scope)[] TaskWorkers = [.. EveryoneSigned.Where(r => r.Role != Roles.Auditor)];

    private static readonly (string, Scope)[] DepartmentPolicyOwners = [(Roles.ProcessOwner, Scope.OwnDepartment), (Roles.Administrator, Scope.OwnDepartment)];

    /// <summary>The information professional of the department: uploads, reviews, offers, answers findings.</summary>
    private static readonly (string, Scope)[] Professionals = [(Roles.InformationProfessional, Scope.OwnDepartment)];

    /// <summary>Four-eyes validation: the officeholder or a trustee registered for that officeholder.</summary>
    private static readonly (string, Scope)[] Validators = [(Roles.Officeholder, Scope.OwnOfficeholder), (Roles.Trustee, Scope.OwnOfficeholder)];

    /// <summary>A read-out's overview (counts, findings): everyone but the validators, who see only what is offered to them.</summary>
    private static readonly (string, Scope)[] ReadOutOverview = [.. EveryoneSigned.Where(r => r.Role is not (Roles.Officeholder or Roles.Trustee))];

    /// <summary>The department's planning and settings: process owners, professionals, administrators, auditors, archivists.</summary>
    private static readonly (string, Scope)[] ProcessReaders = ReadOutOverview;

    /// <summary>The coverage report: auditors every department; administrators and process owners their own.</summary>
    private static readonly (string, Scope)[] CoverageReaders =
        [(Roles.Auditor, Scope.All), (Roles.Administrator, Scope.OwnDepartment), (Roles.ProcessOwner, Scope.OwnDepartment)];

    private static readonly (string, Scope)[] AuditReaders = [(Roles.Auditor, Scope.All), (Roles.Administrator, Scope.OwnDepartment)];
    private static readonly (string, Scope)[] GovernmentWideAdministrators = [(Roles.Administrator, Scope.GovernmentWideOnly)];
    private static readonly (string, Scope)[] UserAdministrators = [(Roles.Administrator, Scope.OwnDepartment)];
    private static readonly (string, Scope)[] UserReaders = [(Roles.Administrator, Scope.OwnDepartment), (Roles.Auditor, Scope.All)];

    public static readonly IReadOnlyDictionary<string, Permission> Rows = new Dictionary<string, Permission>(StringComparer.Ordinal)
    {
        // --- health, API description, sign-in (no user needed) ---------------------------------------------
        ["* /health"] = Open("gezondheid van de server"),
        ["* /health/ready"] = Open("gereedheid van de server"),
        ["GET /openapi/{documentName}.json"] = Open("API-beschrijving"),
        ["POST /api/auth/dev-token"] = Open("ontwikkelaanmelding (alleen Development)"),
        ["GET /aanmelden"] = Open("aanmeldpagina"),
        ["POST /aanmelden"] = Open("aanmelden"),
        ["GET /afmelden"] = Open("afmelden (vraag)"),
        ["POST /afmelden"] = Open("afmelden (met antiforgery-token)"),
        ["POST /aanmelden/wachtwoord"] = Open("aanmelden met wachtwoord (lokaal account)"),
        ["GET /aanmelden/sso"] = Open("aanmelden via de identiteitsprovider van het departement (OpenID Connect)"),
        ["GET /account/tweestapsverificatie"] = Rule("tweestapsverificatie instellen (eigen account)", EveryoneSigned),
        ["POST /account/tweestapsverificatie"] = Rule("tweestapsverificatie aanzetten (eigen account)", EveryoneSigned),
        ["GET /api/auth/me"] = Rule("eigen gegevens bekijken", EveryoneSigned),
        ["POST /api/auth/sign-out"] = Rule("afmelden (sessie beëindigen)", EveryoneSigned),

        // --- registry: departments and policy -------------------------------------------------------------
        ["GET /api/departments/"] = Rule("departementen bekijken", EveryoneSigned),
        ["GET /api/departments/{code}"] = Rule("departement bekijken", EveryoneSigned),
        ["POST /api/departments/"] = Rule("departement aanmaken", GovernmentWideAdministrators),
        ["PUT /api/departments/{code}"] = Rule("departement wijzigen", GovernmentWideAdministrators),
        ["GET /api/departments/{code}/policy"] = Rule("departementsbeleid bekijken", EveryoneSigned),
        ["PUT /api/departments/{code}/policy"] = Rule("departementsbeleid vaststellen", DepartmentPolicyOwners),

        // --- registry: officeholders, appointments, inventory ----------------------------------------------
        ["GET /api/officeholders/"] = Rule("bewindspersonen bekijken", EveryoneSigned),
        ["GET /api/officeholders/{id:long}"] = Rule("bewindspersoon bekijken", EveryoneSigned),
        ["POST /api/officeholders/"] = Rule("bewindspersoon registreren", Managers),
        ["PUT /api/officeholders/{id:long}"] = Rule("bewindspersoon wijzigen", Managers),
        ["GET /api/appointments/"] = Rule("benoemingen bekijken", EveryoneSigned),
        ["GET /api/appointments/{id:long}"] = Rule("benoeming bekijken", EveryoneSigned),
        ["POST /api/appointments/"] = Rule("benoeming vastleggen", Managers),
        ["PUT /api/appointments/{id:long}"] = Rule("benoeming wijzigen", Managers),
        ["GET /api/officeholders/{officeholderId:long}/devices"] = Rule("zakelijke toestellen bekijken", EveryoneSigned),
        ["POST /api/officeholders/{officeholderId:long}/devices"] = Rule("zakelijk toestel registreren", Managers),
        ["GET /api/devices/{id:long}"] = Rule("zakelijk toestel bekijken", EveryoneSigned),
        ["PUT /api/devices/{id:long}"] = Rule("zakelijk toestel wijzigen", Managers),
        ["GET /api/officeholders/{officeholderId:long}/accounts"] = Rule("accounts bekijken (privé-accounts niet voor auditor en archivaris)", EveryoneSigned),
        ["POST /api/officeholders/{officeholderId:long}/accounts"] = Rule("account registreren", Managers),
        ["GET /api/accounts/{id:long}"] = Rule("account bekijken (privé-accounts niet voor auditor en archivaris)", EveryoneSigned),
        ["PUT /api/accounts/{id:long}"] = Rule("account wijzigen", Managers),
        ["GET /api/officeholders/{officeholderId:long}/contacts"] = Rule("contacten bekijken", PersonalDataReaders),
        ["POST /api/officeholders/{officeholderId:long}/contacts"] = Rule("contact registreren", Managers),
        ["GET /api/contacts/{id:long}"] = Rule("contact bekijken", PersonalDataReaders),
        ["PUT /api/contacts/{id:long}"] = Rule("contact wijzigen", Managers),
        ["GET /api/officeholders/{officeholderId:long}/trustees"] = Rule("vertrouwenspersonen bekijken", EveryoneSigned),
        ["POST /api/officeholders/{officeholderId:long}/trustees"] = Rule("vertrouwenspersoon aanwijzen", Managers),
        ["GET /api/trustees/{id:long}"] = Rule("vertrouwenspersoon bekijken", EveryoneSigned),
        ["PUT /api/trustees/{id:long}"] = Rule("vertrouwenspersoon wijzigen", Managers),

        // --- registry: users ---------------------------------------------------------------------------------
        ["GET /api/users/"] = Rule("gebruikers bekijken", UserReaders),
        ["GET /api/users/{id:long}"] = Rule("gebruiker bekijken (zichzelf; beheerder en auditor: de afdeling)", EveryoneSigned),
        ["POST /api/users/"] = Rule("gebruiker aanmaken", UserAdministrators),
        ["PUT /api/users/{id:long}"] = Rule("gebruiker wijzigen of deactiveren", UserAdministrators),
        ["PUT /api/users/{id:long}/password"] = Rule("wachtwoord van een gebruiker opnieuw instellen", UserAdministrators),

        // --- human tasks -------------------------------------------------------------------------------------
        ["GET /api/tasks/"] = Rule("taken bekijken", EveryoneSigned),
        ["GET /api/tasks/{id}"] = Rule("taak bekijken", EveryoneSigned),
        ["POST /api/tasks/{id}/claim"] = Rule("taak oppakken", TaskWorkers),
        ["POST /api/tasks/{id}/release"] = Rule("taak teruggeven", TaskWorkers),
        ["POST /api/tasks/{id}/complete"] = Rule("taak afronden", TaskWorkers),

        // --- workflows: Studio page and Elsa Studio API --------------------------------------------------------
        ["GET /studio"] = Rule("werkstromen ontwerpen in de Studio (alleen procesbeheerders van een departement)", Designers),
        ["* /workflows/{**path}"] = Open("HTTP-workflow aanroepen (de werkstroom bepaalt wie: een aangemelde medewerker van zijn departement, anoniem alleen als de beheerder dat toestaat)"),
        ["GET /studio/workflows/{**path}"] = Rule("Studio-pagina herladen op het eigen adres van de Studio (alleen procesbeheerders van een departement)", Designers),
        ["GET /studio/ca-studio.js"] = Open("startscript van de Studio-pagina (openbaar bestand zonder gegevens, zoals de Studio-bestanden)"),
        ["POST /studio/sjablonen/{definitionId}/kopieer"] = Rule("rijksbreed sjabloon kopiëren naar het eigen departement (procesbeheerders)", Designers),
        ["GET /elsa/api/descriptors/activities"] = Rule("Studio: activiteiten", WorkflowReaders),
        ["GET /elsa/api/descriptors/expression-descriptors"] = Rule("Studio: expressietypen", WorkflowReaders),
        ["GET /elsa/api/descriptors/workflow-activation-strategies"] = Rule("Studio: activeringsstrategieën", WorkflowReaders),
        ["GET /elsa/api/descriptors/log-persistence-strategies"] = Rule("Studio: logstrategieën", WorkflowReaders),
        ["GET /elsa/api/descriptors/incident-strategies"] = Rule("Studio: incidentstrategieën", WorkflowReaders),
        ["GET /elsa/api/descriptors/commit-strategies/workflows"] = Rule("Studio: commitstrategieën", WorkflowReaders),
        ["GET /elsa/api/descriptors/commit-strategies/activities"] = Rule("Studio: commitstrategieën", WorkflowReaders),
        ["GET /elsa/api/descriptors/variables"] = Rule("Studio: variabeletypen", WorkflowReaders),
        ["GET /elsa/api/descriptors/storage-drivers"] = Rule("Studio: opslag", WorkflowReaders),
        ["GET /elsa/api/features/installed"] = Rule("Studio: functies", WorkflowReaders),
        ["GET /elsa/api/workflow-definitions"] = Rule("werkstromen bekijken", WorkflowReaders),
        ["GET /elsa/api/workflow-definitions/by-definition-id/{definitionId}"] = Rule("werkstroom bekijken", WorkflowReaders),
        ["GET /elsa/api/workflow-definitions/by-id/{versionId}"] = Rule("werkstroomversie bekijken", WorkflowReaders),
        ["GET /elsa/api/workflow-definitions/validation/is-name-unique"] = Rule("werkstroomnaam controleren", WorkflowReaders),
        ["POST /elsa/api/workflow-definitions"] = Rule("werkstroom opslaan", Designers),
        ["POST /elsa/api/workflow-definitions/bulk-publish"] = Rule("werkstromen publiceren", Designers),
        ["POST /elsa/api/workflow-definitions/{definitionId}/publish"] = Rule("werkstroom publiceren", Designers),
        ["POST /elsa/api/workflow-definitions/{definitionId}/retract"] = Rule("werkstroom terugtrekken", Designers),
        ["DELETE /elsa/api/workflow-definitions/{definitionId}"] = Rule("werkstroom verwijderen", Designers),
        ["POST /elsa/api/workflow-definitions/{definitionId}/execute"] = Rule("werkstroom starten (alleen een departementskopie)", Designers),
        ["POST /elsa/api/workflow-definitions/{definitionId}/copy-to-department"] = Rule("sjabloon naar het departement kopiëren", Designers),
        ["POST /elsa/api/workflow-instances"] = Rule("gestarte werkstromen zoeken", WorkflowReaders),
        ["GET /elsa/api/workflow-instances/{id}"] = Rule("gestarte werkstroom bekijken", WorkflowReaders),
        ["POST /elsa/api/workflow-instances/{id}/journal"] = Rule("verloop van een werkstroom bekijken", WorkflowReaders),
        ["GET /elsa/api/workflow-instances/{id}/variables"] = Rule("variabelen van een werkstroom bekijken", WorkflowReaders),
        ["GET /elsa/api/workflow-instances/{id}/execution-state"] = Rule("toestand van een werkstroom bekijken", WorkflowReaders),
        ["POST /elsa/api/workflow-instances/{id}/retry"] = Rule("werkstroom opnieuw proberen", Designers),
        ["DELETE /elsa/api/workflow-instances/{id}"] = Rule("gestarte werkstroom verwijderen", Designers),
        ["GET /elsa/api/activity-executions/list"] = Rule("uitgevoerde stappen bekijken", WorkflowReaders),
        ["GET /elsa/api/activity-execution-summaries/list"] = Rule("uitgevoerde stappen bekijken", WorkflowReaders),
        ["GET /elsa/api/activity-executions/by-id"] = Rule("uitgevoerde stap bekijken", WorkflowReaders),
        ["POST /elsa/api/activity-executions/report"] = Rule("stappenrapport bekijken", WorkflowReaders),
        // Routes Studio 3.8's client calls beyond the first contract (docs/STUDIO-API-ADDITIONS.md).
        ["POST /elsa/api/descriptors/activities/{activityTypeName}/options/{propertyName}"] = Rule("Studio: keuzelijst van een invoer", WorkflowReaders),
        ["GET /elsa/api/descriptors/output-converters"] = Rule("Studio: uitvoerconversies", WorkflowReaders),
        ["GET /elsa/api/features/installed/{fullName}"] = Rule("Studio: functie", WorkflowReaders),
        ["GET /elsa/api/package/version"] = Rule("Studio: versie van de API", WorkflowReaders),
        ["POST /elsa/api/bulk-actions/publish/workflow-definitions/by-definition-ids"] = Rule("werkstromen publiceren", Designers),
        ["POST /elsa/api/bulk-actions/retract/workflow-definitions/by-definition-ids"] = Rule("werkstromen terugtrekken", Designers),
        ["POST /elsa/api/bulk-actions/delete/workflow-definitions/by-definition-id"] = Rule("werkstromen verwijderen", Designers),
        ["POST /elsa/api/bulk-actions/delete/workflow-definitions/by-id"] = Rule("werkstroomversies verwijderen", Designers),
        ["DELETE /elsa/api/workflow-definition-versions/{id}"] = Rule("werkstroomversie verwijderen", Designers),
        ["POST /elsa/api/workflow-definitions/{id}/revert/{version}"] = Rule("oude werkstroomversie terugzetten", Designers),
        ["GET /elsa/api/workflow-definitions/{definitionId}/export"] = Rule("werkstroom exporteren", WorkflowReaders),
        ["POST /elsa/api/workflow-definitions/export"] = Rule("werkstromen exporteren (zip)", WorkflowReaders),
        ["POST /elsa/api/workflow-definitions/import"] = Rule("werkstroom importeren", Designers),
        ["POST /elsa/api/workflow-definitions/import-files"] = Rule("werkstroombestanden importeren", Designers),
        ["POST /elsa/api/workflow-instances/{id}/cancel"] = Rule("gestarte werkstroom annuleren", Designers),
        ["POST /elsa/api/bulk-actions/cancel/workflow-instances"] = Rule("gestarte werkstromen annuleren", Designers),
        ["POST /elsa/api/bulk-actions/cancel/workflow-instances/by-id"] = Rule("gestarte werkstromen annuleren", Designers),
        ["POST /elsa/api/bulk-actions/delete/workflow-instances/by-id"] = Rule("gestarte werkstromen verwijderen", Designers),
        ["POST /elsa/api/tasks/{taskId}/complete"] = Rule("taak afronden vanuit de Studio (eigen rol, eigen departement)", Designers),

        // --- read-outs: the people's work (Handreiking §2.2.2); the handlers narrow to department and officeholder ---
        ["GET /api/read-outs/"] = Rule("uitlezingen bekijken", EveryoneSigned),
        ["GET /api/read-outs/{id:long}"] = Rule("uitlezing bekijken", EveryoneSigned),
        ["POST /api/read-outs/{id:long}/uploads"] = Rule("export van een uitlezing uploaden", Professionals),
        ["GET /api/read-outs/{id:long}/conversations"] = Rule("gesprekken van een uitlezing bekijken (inhoud alleen voor de informatieprofessional)", ReadOutOverview),
        ["GET /api/read-outs/{id:long}/messages"] = Rule("berichten bekijken (tekst alleen voor informatieprofessional en validator)", EveryoneSigned),
        ["POST /api/read-outs/{id:long}/decisions"] = Rule("berichten beoordelen (schonen)", Professionals),
        ["POST /api/read-outs/{id:long}/offer"] = Rule("ter validatie aanbieden", Professionals),
        ["GET /api/read-outs/{id:long}/validation"] = Rule("ter validatie aangeboden berichten bekijken", EveryoneSigned),
        ["POST /api/read-outs/{id:long}/validation"] = Rule("gemarkeerde berichten valideren (vier ogen)", Validators),
        ["GET /api/read-outs/{id:long}/findings"] = Rule("bevindingen van een uitlezing bekijken", ReadOutOverview),
        ["POST /api/read-outs/{id:long}/findings/{findingId:long}"] = Rule("antwoord op een bevinding vastleggen", Professionals),
        ["GET /api/checklists/{id:long}"] = Rule("checklist bekijken", EveryoneSigned),
        ["POST /api/checklists/{id:long}/answers"] = Rule("checklist beantwoorden", TaskWorkers),

        // --- the department's process (derived from its published workflows) --------------------------------
        ["GET /api/processes/{department}"] = Rule("werkwijze van het departement bekijken", ProcessReaders),
        ["GET /api/processes/{department}/planned-read-outs"] = Rule("geplande uitlezingen bekijken", ProcessReaders),

        // --- background jobs dashboard (Hangfire): administrators only -----------------------------------------
        ["* /beheer/achtergrondtaken/{**path}"] = Rule("achtergrondtaken bekijken", UserAdministrators),

        // --- audit trail -----------------------------------------------------------------------------------------
        ["GET /api/audit/"] = Rule("auditspoor bekijken en exporteren (alleen auditors en beheerders)", AuditReaders),

        // --- coverage (CIO Rijk-rapportage 2024) ------------------------------------------------------------
        ["GET /api/coverage/"] = Rule("dekkingsrapport bekijken en als CSV exporteren (auditor: alle departementen; beheerder en procesbeheerder: eigen departement)", CoverageReaders),
        ["GET /api/coverage/policies"] = Rule("beleidstabel (ADR-kolommen, met datum van elke wijziging) bekijken en als CSV exporteren (auditor: alle departementen; beheerder en procesbeheerder: eigen departement)", CoverageReaders),

        // --- web pages (Razor Pages answer every method; the page handlers narrow further) ----------------------
        ["* /"] = Rule("startpagina", EveryoneSigned),
        ["* /taken"] = Rule("takenlijst", EveryoneSigned),
        ["* /taken/{id}"] = Rule("taak openen", EveryoneSigned),
        ["* /uitlezingen"] = Rule("uitlezingen van het departement (lijst met status en aantallen, geen berichtinhoud)", ReadOutOverview),
        ["* /uitlezingen/{id:long}/upload"] = Rule("export van een uitlezing uploaden (pagina)", Professionals),
        ["* /uitlezingen/{id:long}/beoordelen"] = Rule("berichten beoordelen (schonen; inhoud alleen voor de informatieprofessional)", ReadOutOverview),
        ["* /uitlezingen/{id:long}/valideren"] = Rule("aangeboden berichten valideren (vier ogen)", Validators),
        ["* /uitlezingen/{id:long}/bevindingen"] = Rule("bevindingen van een uitlezing bekijken en beantwoorden", ReadOutOverview),
        ["* /checklists/{id:long}"] = Rule("checklist bekijken en beantwoorden", EveryoneSigned),
        ["* /dekking"] = Rule("dekkingsrapport (pagina; auditor: alle departementen; beheerder en procesbeheerder: eigen departement)", CoverageReaders),
        ["* /dekking/afdrukken"] = Rule("dekkingsrapport afdrukken (tabel van de CIO Rijk-rapportage 2024)", CoverageReaders),
        ["* /auditspoor"] = Rule("auditspoor zoeken en als CSV exporteren (pagina; alleen auditors en beheerders)", AuditReaders),
        ["* /dekking/afdrukken.pdf"] = Rule("dekkingsrapport als PDF (tabel van de CIO Rijk-rapportage 2024, met de ADR-kolommen)", CoverageReaders),
        ["* /fout/{code:int}"] = Open("foutpagina"),
    };

    /// <summary>The row for a request, or null when the endpoint has none (which the middleware refuses).</summary>
    public static Permission? Find(string method, string routePattern)
    {
        var pattern = Normalize(routePattern);
        return Rows.TryGetValue($"{method.ToUpperInvariant()} {pattern}", out var row) || Rows.TryGetValue($"* {pattern}", out row) ? row : null;
    }

    /// <summary>Route patterns as routing reports them: a leading "/" and no doubled separators.</summary>
    public static string Normalize(string routePattern)
    {
        var p = "/" + routePattern.Trim().TrimStart('/');
        while (p.Contains("//", StringComparison.Ordinal)) p = p.Replace("//", "/", StringComparison.Ordinal);
        return p;
    }

    private static Permission Open(string action) => new(action, true, new Dictionary<string, Scope>());

    private static Permission Rule(string action, (string Role, Scope Scope)[] roles) =>
        new(action, false, roles.ToDictionary(r => r.Role, r => r.Scope, StringComparer.Ordinal));
}
