namespace ChatArchive.Sealing.Vault;

/// <summary>What sealing needs of the raw-export vault: whether an export is still there, and deleting it after sealing.</summary>
public interface IRawExportStore
{
    bool Exists(string id);

    bool Delete(string id);
}
