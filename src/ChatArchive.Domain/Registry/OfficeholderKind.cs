namespace ChatArchive.Domain.Registry;

/// <summary>Kinds of officeholder the guidance covers (seed 000 §1.2; seed 002/003 for municipalities).</summary>
public enum OfficeholderKind
{
    Minister = 0,
    StateSecretary = 1,
    /// <summary>Sleutelfunctionaris: a key official whose chats are archived like a minister's.</summary>
    KeyOfficial = 2,
    Alderman = 3,
    Mayor = 4,
}
