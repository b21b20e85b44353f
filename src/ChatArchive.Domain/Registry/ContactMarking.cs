namespace ChatArchive.Domain.Registry;

/// <summary>Why a contact is excluded (Handreiking §1.5 labels).</summary>
public enum ContactMarking
{
    Private = 0,
    PartyPolitical = 1,
}
