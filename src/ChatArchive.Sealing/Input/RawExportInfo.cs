namespace ChatArchive.Sealing.Input;

/// <summary>
/// The raw export a read-out came from (encrypted in the vault) and whether the department keeps it
/// after sealing (CIO Rijk-rapportage 2024, ADR column "ruwe dataset bewaren").
/// </summary>
public sealed record RawExportInfo(string? VaultId, bool KeepRawDataset);
