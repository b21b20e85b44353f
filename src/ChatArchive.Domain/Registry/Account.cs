namespace ChatArchive.Domain.Registry;

/// <summary>
/// An e-mail or social media account of an officeholder. Seed 000 §2.3: social media accounts
/// are corporate (zakelijk), hybrid or personal; corporate and hybrid ones hold business information.
/// </summary>
public sealed class Account : IOfficeholderRecord
{
    public long Id { get; set; }

    public long OfficeholderId { get; set; }

    public AccountChannel Channel { get; set; }

    /// <summary>Service name, e.g. "Outlook", "X", "LinkedIn", "Instagram".</summary>
    public string Service { get; set; } = "";

    /// <summary>Mail address or account handle.</summary>
    public string Address { get; set; } = "";

    public AccountUsage Usage { get; set; }

    public int Version { get; set; } = 1;
}
