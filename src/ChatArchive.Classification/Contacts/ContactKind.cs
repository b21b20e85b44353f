namespace ChatArchive.Classification.Contacts;

/// <summary>How a contact was registered at onboarding (Handreiking §2.2.2 step 2; ARCHITECTURE.md onboarding).</summary>
public enum ContactKind
{
    Private,
    PartyPolitical,
}
