namespace ChatArchive.Domain.Registry;

/// <summary>
/// A department (ministerie or other government body). Departments are the tenants of the
/// system: every registry row belongs to one, and users see only their own (ARCHITECTURE.md).
/// </summary>
public sealed class Department
{
    public long Id { get; set; }

    /// <summary>Short code as used across central government, e.g. <c>BZK</c>, <c>JenV</c>; unique.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public int Version { get; set; } = 1;
}
