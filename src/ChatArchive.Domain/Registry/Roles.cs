namespace ChatArchive.Domain.Registry;

/// <summary>Roles of ARCHITECTURE.md "Who uses it". Stable wire names (kebab-case) are used in tokens and the API.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string ProcessOwner = "process-owner";
    public const string InformationProfessional = "information-professional";
    public const string Officeholder = "officeholder";
    public const string Trustee = "trustee";
    public const string Auditor = "auditor";
    public const string Archivist = "archivist";

    public static readonly IReadOnlyList<string> All =
        [Administrator, ProcessOwner, InformationProfessional, Officeholder, Trustee, Auditor, Archivist];

    /// <summary>Department scope value meaning "every department" (auditors only).</summary>
    public const string AllDepartments = "*";
}
