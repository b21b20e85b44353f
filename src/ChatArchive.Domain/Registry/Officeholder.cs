namespace ChatArchive.Domain.Registry;

/// <summary>
/// A person whose business communication must be brought under management (bewindspersoon or
/// key official). The registry keeps no invented personal data: the display name may be the
/// function ("Minister van Financiën 2", CIO Rijk-rapportage 2024 table). One person can hold several
/// successive functions, hence <see cref="Appointment"/> rows.
/// </summary>
public sealed class Officeholder
{
    public long Id { get; set; }

    /// <summary>Department responsible for archiving this person's communication.</summary>
    public long DepartmentId { get; set; }

    public string DisplayName { get; set; } = "";

    public OfficeholderKind Kind { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Version { get; set; } = 1;

    public List<Appointment> Appointments { get; set; } = [];
}
