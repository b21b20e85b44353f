namespace ChatArchive.Domain.Registry;

/// <summary>The channels besides chat that CIO Rijk-rapportage 2024 §2 monitors per officeholder.</summary>
public enum AccountChannel
{
    Email = 0,
    SocialMedia = 1,
}
