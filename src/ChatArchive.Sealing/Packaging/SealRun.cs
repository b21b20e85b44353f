namespace ChatArchive.Sealing.Packaging;

/// <summary>What one <c>seal</c> run did for an officeholder and channel (ids and counts only).</summary>
public sealed record SealRun(
    IReadOnlyList<SealedPackage> Sealed,
    IReadOnlyList<string> AlreadySealedReadOutIds,
    IReadOnlyList<string> WaitingForDecisionsReadOutIds,
    IReadOnlyList<RawExportAct> RawExportActs);

/// <summary>The keep/delete act on a raw export after sealing (issue 5 §4), also written beside the package in the store.</summary>
public sealed record RawExportAct(string PackageId, string ReadOutId, string? VaultId, string Action, DateTimeOffset At);
