namespace ChatArchive.Sealing.Storage;

/// <summary>Where a package lives: the chain it belongs to (officeholder + channel) and its own id.</summary>
public sealed record PackageAddress(string OfficeholderId, string Channel, string PackageId)
{
    public override string ToString() => $"{OfficeholderId}/{Channel}/{PackageId}";
}
