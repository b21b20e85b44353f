using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Registry;

/// <summary>
/// What the caller may see and change in the registry. Every query is filtered here: users see
/// their own department, auditors (and other all-department users) see all; users whose only roles
/// are officeholder or trustee see just the officeholders named in their token. Writes need a
/// managing role (administrator, process owner, information professional) in the department.
/// Real sign-in and the full permission matrix come in a later issue; this is the minimum that
/// keeps departments apart.
/// </summary>
public sealed class RegistryScope
{
    private static readonly string[] ManagingRoles = [Roles.Administrator, Roles.ProcessOwner, Roles.InformationProfessional];

    private RegistryScope(CurrentUser user, long? departmentId, IReadOnlySet<long>? officeholders)
    {
        User = user;
        DepartmentId = departmentId;
        Officeholders = officeholders;
    }

    public CurrentUser User { get; }

    /// <summary>The caller's department, or null when they see every department.</summary>
    public long? DepartmentId { get; }

    /// <summary>When set, the caller sees only these officeholders (officeholder or trustee users).</summary>
    public IReadOnlySet<long>? Officeholders { get; }

    public bool AllDepartments => DepartmentId is null;

    public static async Task<RegistryScope> ForAsync(ChatArchiveDbContext db, CurrentUser user, CancellationToken ct)
    {
        long? departmentId = null;
        if (!user.AllDepartments)
        {
            // An unknown code (department removed after sign-in) gives an empty view, never a wider one.
            departmentId = await db.Set<Department>().Where(d => d.Code == user.Department).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct) ?? -1;
        }
        var personal = user.Roles.Count > 0 && user.Roles.All(r => r is Roles.Officeholder or Roles.Trustee);
        return new RegistryScope(user, departmentId, personal ? user.Officeholders : null);
    }

    public IQueryable<Department> Departments(ChatArchiveDbContext db) =>
        DepartmentId is { } id ? db.Set<Department>().Where(d => d.Id == id) : db.Set<Department>();

    public IQueryable<Officeholder> VisibleOfficeholders(ChatArchiveDbContext db)
    {
        var q = db.Set<Officeholder>().AsQueryable();
        if (DepartmentId is { } id) q = q.Where(o => o.DepartmentId == id);
        if (Officeholders is { } own)
        {
            var ids = own.ToList();
            q = q.Where(o => ids.Contains(o.Id));
        }
        return q;
    }

    public bool MaySeeDepartment(long departmentId) => DepartmentId is null || DepartmentId == departmentId;

    public bool MaySeeOfficeholder(Officeholder officeholder) =>
        MaySeeDepartment(officeholder.DepartmentId) && (Officeholders is null || Officeholders.Contains(officeholder.Id));

    /// <summary>May create or change registry data of <paramref name="departmentId"/>.</summary>
    public bool MayManage(long departmentId) => MaySeeDepartment(departmentId) && User.Roles.Any(ManagingRoles.Contains);

    /// <summary>Departments themselves are created and renamed by a government-wide administrator only.</summary>
    public bool MayManageDepartments => AllDepartments && User.IsInRole(Roles.Administrator);

    /// <summary>The department policy is set by its process owner or an administrator (ARCHITECTURE.md "Who uses it").</summary>
    public bool MayManagePolicy(long departmentId) =>
        MaySeeDepartment(departmentId) && (User.IsInRole(Roles.Administrator) || User.IsInRole(Roles.ProcessOwner));

    /// <summary>Users are managed by an administrator of the department (or a government-wide one).</summary>
    public bool MayManageUsers(long? departmentId) =>
        User.IsInRole(Roles.Administrator) && (AllDepartments || (departmentId is { } d && d == DepartmentId));

    /// <summary>
    /// Private and party-political contacts are personal data of third parties: visible to managing
    /// roles and to the officeholder or trustee themselves, not to auditors or archivists (AVG data minimisation).
    /// </summary>
    public bool MaySeeContacts(Officeholder officeholder) =>
        MaySeeOfficeholder(officeholder) && MaySeePrivateRecords;

    /// <summary>Private contacts and private accounts: managing roles and the officeholder or trustee themselves, never auditors or archivists.</summary>
    public bool MaySeePrivateRecords => Officeholders is not null || User.Roles.Any(ManagingRoles.Contains);
}
