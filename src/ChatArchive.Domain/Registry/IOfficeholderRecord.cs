namespace ChatArchive.Domain.Registry;

/// <summary>A row of an officeholder's onboarding inventory (Handreiking §2.2.2): device, account, contact or trustee.</summary>
public interface IOfficeholderRecord
{
    long Id { get; }

    long OfficeholderId { get; set; }

    int Version { get; set; }
}
