namespace ChatArchive.Workflows.Engine.Definitions;

/// <summary>
/// On whose behalf a definition service call runs (issue 6 §3: departments are tenants).
/// <see cref="Department"/> set: that department's definitions, plus read-only access to the
/// government-wide templates. <see cref="Department"/> null with <see cref="CanEditTemplates"/>:
/// the template set itself (administrators, the start-up importer).
/// </summary>
public sealed record TenantScope(string? Department, bool CanEditTemplates = false, bool AllTenants = false)
{
    /// <summary>The engine itself (cron triggers, timers): reads every tenant, writes none.</summary>
    public static TenantScope System { get; } = new(null, CanEditTemplates: false, AllTenants: true);

    public static TenantScope Templates { get; } = new(null, CanEditTemplates: true);

    public static TenantScope ForDepartment(string department) =>
        string.IsNullOrWhiteSpace(department)
            ? throw new WorkflowEngineException(WorkflowErrorKind.Validation, "Geef een departementscode op.")
            : new TenantScope(department.Trim());

    /// <summary>The tenant id new and saved definitions get in this scope.</summary>
    public string? OwnTenant => Department;

    public bool CanRead(string? tenantId) => AllTenants || tenantId is null || string.Equals(tenantId, Department, StringComparison.Ordinal);

    public bool CanWrite(string? tenantId) =>
        tenantId is null ? CanEditTemplates && Department is null : string.Equals(tenantId, Department, StringComparison.Ordinal);
}
