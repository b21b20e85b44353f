using System.Security.Cryptography;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Vault;

namespace ChatArchive.Sealing.Keys;

/// <summary>
/// Rotation of the sealing key and the vault master key (<c>chatarchive keys rotate-seal | rotate-vault</c>).
/// Every step is written before the next begins, so a crash between steps leaves a state a rerun completes:
/// the old key is retired first (its public part, or for the vault the whole key, into the retired folder), and only
/// then replaced.
/// </summary>
public static class KeyRotation
{
    /// <summary>What a sealing-key rotation did.</summary>
    /// <param name="NewKeyFile">Where the new private key was written when the current key comes from configuration (the
    /// operator must put it there); null when the key file itself was replaced.</param>
    public sealed record SealRotation(string RetiredKeyId, string NewKeyId, string RetiredFile, string? NewKeyFile);

    /// <summary>
    /// Retires the current signing key (public part into the retired folder, so its seals keep verifying) and puts a new
    /// key in its place: the key file is replaced atomically; with the key in configuration (<c>ArchiveKeyPem</c>) the
    /// new key goes to <paramref name="newKeyOut"/> and the configuration must be changed by the operator.
    /// </summary>
    public static SealRotation RotateSealKey(SealingOptions options, string? newKeyOut)
    {
        if (options.ArchiveKeyPem is not null && string.IsNullOrWhiteSpace(newKeyOut))
        {
            throw new SealingException($"De archiefsleutel staat in de configuratie ({SealingOptions.Section}:ArchiveKeyPem). Geef met --out <bestand> op waar de nieuwe sleutel " +
                                       "geschreven moet worden; zet die daarna in de configuratie. Er is niets gewijzigd.");
        }
        if (options.ArchiveKeyPem is null && !File.Exists(options.ArchiveKeyFile))
        {
            throw new SealingException($"Er is nog geen archiefsleutel ({options.ArchiveKeyFile}), dus er valt niets te vervangen. Er is niets gewijzigd.");
        }
        using var current = options.LoadArchiveKey(createIfMissing: false);
        if (!current.HasPrivateKey)
        {
            throw new SealingException("De ingestelde archiefsleutel is alleen een publieke sleutel; een vervanging begint bij de private sleutel waarmee nu verzegeld wordt. Er is niets gewijzigd.");
        }
        var retired = ArchiveKeyRing.Retire(current, options.RetiredKeysFolder);
        using var next = ArchiveKey.Generate();
        if (options.ArchiveKeyPem is not null)
        {
            var target = Path.GetFullPath(newKeyOut!);
            if (File.Exists(target)) throw new SealingException($"Het bestand {target} bestaat al; kies een nieuw bestand voor de nieuwe sleutel. De oude sleutel is wel al bij de vervangen sleutels gezet (dat kan geen kwaad).");
            SecretFile.LoadOrCreate(target, next.ExportPrivateKeyPem);
            return new SealRotation(current.KeyId, next.KeyId, retired, target);
        }
        SecretFile.Replace(options.ArchiveKeyFile, next.ExportPrivateKeyPem());
        return new SealRotation(current.KeyId, next.KeyId, retired, null);
    }

    /// <summary>What a vault-key rotation did.</summary>
    public sealed record VaultRotation(string? RetiredKeyId, string CurrentKeyId, VaultRekeyResult Files);

    /// <summary>
    /// Vault key rotation. With the key in the key file (embedded mode, or production with keys/vault.key), unless
    /// <paramref name="resumeOnly"/>: the current key is copied into the retired folder and the file is replaced by a new
    /// key. With the key in configuration the operator has already set the new key (<c>VaultKey</c>) and the old one
    /// (<c>RetiredVaultKeys</c>). Then every export still under a retired key is re-encrypted (resumable).
    /// </summary>
    public static async Task<VaultRotation> RotateVaultKeyAsync(SealingOptions options, bool resumeOnly, Action<string>? afterFile = null, CancellationToken ct = default)
    {
        string? retiredId = null;
        if (options.VaultKeyBase64 is not null)
        {
            if (options.RetiredVaultKeys().Count == 0)
            {
                throw new SealingException($"De kluissleutel staat in de configuratie ({SealingOptions.Section}:VaultKey). Zet daar eerst de nieuwe sleutel en de oude in " +
                                           $"{SealingOptions.Section}:RetiredVaultKeys, en draai dit commando dan opnieuw. Er is niets gewijzigd.");
            }
        }
        else if (!File.Exists(options.VaultKeyFile))
        {
            throw new SealingException($"Er is nog geen kluissleutel ({options.VaultKeyFile}), dus er valt niets te vervangen. Er is niets gewijzigd.");
        }
        else if (!resumeOnly)
        {
            var old = RawExportVault.ParseKey(File.ReadAllText(options.VaultKeyFile));
            retiredId = RawExportVault.KeyId(old);
            SecretFile.LoadOrCreate(Path.Combine(options.RetiredKeysFolder, SealingOptions.VaultRetiredPrefix + retiredId + ".key"), () => Convert.ToBase64String(old));
            CryptographicOperations.ZeroMemory(old);
            SecretFile.Replace(options.VaultKeyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
        var currentKey = RawExportVault.ParseKey(options.ResolveVaultKey());
        var vault = new RawExportVault(options.VaultFolder, currentKey, options.RetiredVaultKeys());
        var files = await vault.RekeyAsync(afterFile, ct);
        return new VaultRotation(retiredId, RawExportVault.KeyId(currentKey), files);
    }
}
