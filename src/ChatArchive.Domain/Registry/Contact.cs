namespace ChatArchive.Domain.Registry;

/// <summary>
/// A contact of an officeholder registered at onboarding as private or party-political, so that
/// conversations with only this contact can be excluded automatically (Handreiking §2.2.2;
/// CIO Rijk-rapportage 2024 ADR column "uitsluiten privé/partijpolitieke contacten"). Personal data: never logged.
/// </summary>
public sealed class Contact : IOfficeholderRecord
{
    public long Id { get; set; }

    public long OfficeholderId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>E.164 phone number when known; matching on number is more reliable than on name.</summary>
    public string? PhoneNumber { get; set; }

    public ContactMarking Marking { get; set; }

    public int Version { get; set; } = 1;
}
