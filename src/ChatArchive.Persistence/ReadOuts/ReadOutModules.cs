using ChatArchive.Classification;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Vault;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>
/// The modules the read-out service calls: the classifier (its lexicons loaded once), the raw-export vault (uploads are
/// kept only encrypted; null when no vault key is configured, then uploads are refused) and the sealing settings
/// (archive store and key; null when sealing is not configured, then sealing is refused).
/// </summary>
public sealed class ReadOutModules
{
    public required MessageClassifier Classifier { get; init; }

    public RawExportVault? Vault { get; init; }

    public SealingOptions? Sealing { get; init; }

    /// <summary>Where the audit chain head is anchored after a seal; null = audit-anchors in the archive store (the default).</summary>
    public Audit.AuditAnchors? Anchors { get; init; }
}
