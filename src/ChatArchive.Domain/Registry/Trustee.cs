namespace ChatArchive.Domain.Registry;

/// <summary>
/// Vertrouwenspersoon: someone the officeholder designates to validate marked messages on their
/// behalf (Handreiking §2.2.2 steps 5–6). Linked to a user when that person signs in here.
/// </summary>
public sealed class Trustee : IOfficeholderRecord
{
    public long Id { get; set; }

    public long OfficeholderId { get; set; }

    public long? UserId { get; set; }

    /// <summary>Function or role description, e.g. "Vertrouwenspersoon Minister van Defensie".</summary>
    public string DisplayName { get; set; } = "";

    public DateOnly StartsOn { get; set; }

    public DateOnly? EndsOn { get; set; }

    public int Version { get; set; } = 1;
}
