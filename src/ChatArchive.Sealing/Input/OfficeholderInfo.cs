namespace ChatArchive.Sealing.Input;

/// <summary>The officeholder whose Serie a package belongs to, and the department that forms the archive (MDTO archiefvormer).</summary>
public sealed record OfficeholderInfo(
    string Id,
    string Name,
    string Function,
    string DepartmentCode,
    string DepartmentName);
