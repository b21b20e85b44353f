using ChatArchive.Sealing.Chain;

namespace ChatArchive.Sealing.Packaging;

/// <summary>The outcome of sealing one read-out: where the package is and what was sealed (ids and counts only).</summary>
public sealed record SealedPackage(
    ChainLink Link,
    string Location,
    int Conversations,
    int Messages,
    int Attachments,
    int Removed,
    long PayloadBytes);
