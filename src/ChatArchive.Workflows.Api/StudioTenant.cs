using ChatArchive.Domain.Registry;

namespace ChatArchive.Workflows.Api;

/// <summary>
/// The department a Studio request works in. Studio's <c>tenant-id</c> attribute sends <c>X-Tenant-Id</c>;
/// the department is the tenant (issue 6 "Departments as tenants"). A process owner (or administrator) reads
/// and edits only their own department; an auditor may read, never write; other roles get no Studio access.
/// </summary>
public sealed record StudioTenant(StudioUser User, string? Department, bool MayWrite)
{
    public const string HeaderName = "X-Tenant-Id";

    /// <summary>True when the user may read definitions and instances of <paramref name="department"/>.</summary>
    public bool MayRead(string? department) =>
        department is null ? true : Department is null ? User.AllDepartments : string.Equals(Department, department, StringComparison.OrdinalIgnoreCase);

    /// <summary>Resolves the tenant, or a ProblemDetails result explaining in Dutch why not.</summary>
    public static (StudioTenant? Tenant, ProblemHttpResult? Problem) Resolve(HttpContext context, bool write)
    {
        var user = context.RequestServices.GetRequiredService<IStudioHost>().CurrentUser(context.User);
        if (user is null)
        {
            return (null, ElsaProblems.Unauthorized("Meld u aan via /aanmelden en open de Studio opnieuw."));
        }
        var designer = user.IsInRole(Roles.ProcessOwner) || user.IsInRole(Roles.Administrator);
        var auditor = user.IsInRole(Roles.Auditor);
        if (!designer && !auditor)
        {
            return (null, ElsaProblems.Forbidden("Alleen procesbeheerders werken met de Studio. Vraag uw functioneel beheerder om de rol procesbeheerder."));
        }
        var header = context.Request.Headers[HeaderName].ToString().Trim();
        string? department;
        if (user.AllDepartments)
        {
            // Auditors (scope "*") choose the department with the header, or see all.
            department = header.Length > 0 ? header : null;
        }
        else
        {
            if (header.Length > 0 && !string.Equals(header, user.Department, StringComparison.OrdinalIgnoreCase))
            {
                return (null, ElsaProblems.Forbidden(
                    $"U werkt voor departement {user.Department}, maar het verzoek noemt departement {header}. Open de Studio via /studio; die gebruikt uw eigen departement."));
            }
            department = user.Department;
        }
        var mayWrite = designer && department is not null && !user.AllDepartments;
        if (write && !mayWrite)
        {
            return (null, ElsaProblems.Forbidden("U mag werkstromen alleen bekijken, niet wijzigen of starten. Wijzigen kan alleen een procesbeheerder van het departement."));
        }
        return (new StudioTenant(user, department, mayWrite), null);
    }

    /// <summary>The engine's tenant scope for this department (null: every department, read-only users only).</summary>
    public Workflows.Engine.Definitions.TenantScope Scope =>
        Department is null ? new Workflows.Engine.Definitions.TenantScope(null) : Workflows.Engine.Definitions.TenantScope.ForDepartment(Department);
}
