namespace ChatArchive.Domain.Registry;

/// <summary>Kinds of officeholder the guidance covers (Handreiking §1.2; Handreiking gebruik berichtenapps (Kaag en Braassem) for municipalities).</summary>
public enum OfficeholderKind
{
    Minister = 0,
    StateSecretary = 1,
    /// <summary>Sleutelfunctionaris: a key official whose chats are archived like a minister's.</summary>
    KeyOfficial = 2,
    Alderman = 3,
    Mayor = 4,
}
