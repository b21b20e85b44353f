namespace ChatArchive.Domain.Registry;

/// <summary>
/// Someone who signs in. Roles come from <see cref="Roles"/>; the scope is one department, or
/// all departments when <see cref="DepartmentId"/> is null (auditors, the government-wide archivist
/// and administrator). An officeholder user is linked to their <see cref="OfficeholderId"/>.
/// </summary>
public sealed class User
{
    public long Id { get; set; }

    /// <summary>Lower-case sign-in name, e.g. <c>procesbeheerder.bzk</c>; unique.</summary>
    public string UserName { get; set; } = "";

    /// <summary>Function or role, never an invented personal name (e.g. "Procesbeheerder BZK").</summary>
    public string DisplayName { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    public long? DepartmentId { get; set; }

    public long? OfficeholderId { get; set; }

    /// <summary>Notification address (later issues send task mail here).</summary>
    public string? Email { get; set; }

    public bool IsActive { get; set; } = true;

    public int Version { get; set; } = 1;
}
