using ChatArchive.Sealing.Mdto;

namespace ChatArchive.Sealing.Packaging;

/// <summary>
/// Settings of the sealing module, read by the server and the CLI from configuration
/// (keys under <c>ChatArchive:Sealing</c>, see <see cref="FromLookup"/>).
/// </summary>
public sealed record SealingOptions(
    string StoreFolder,
    string? ArchiveKeyPem,
    string ArchiveKeyFile,
    bool EmbeddedMode,
    string VaultFolder,
    string? VaultKeyBase64,
    string? SourceFolder,
    TimeSpan FixityInterval,
    MdtoWriter.Valuation Valuation,
    string ArchiveSource = "ChatArchive.Workflows",
    int CopyParallelism = 2,
    string? RetiredKeysFolderSetting = null,
    IReadOnlyList<string>? RetiredVaultKeysBase64 = null)
{
    public const string Section = "ChatArchive:Sealing";

    /// <param name="get">Configuration lookup by key (e.g. <c>k =&gt; configuration[k]</c>).</param>
    /// <param name="dataFolder">ChatArchive:DataFolder; defaults live beneath it.</param>
    /// <param name="embedded">Single-node embedded mode (SQLite): a signing key may be generated on first start.</param>
    public static SealingOptions FromLookup(Func<string, string?> get, string dataFolder, bool embedded)
    {
        string? V(string k) => get($"{Section}:{k}") is { Length: > 0 } v ? v : null;
        var interval = TimeSpan.FromHours(24);
        if (V("FixityInterval") is { } fi && !TimeSpan.TryParse(fi, System.Globalization.CultureInfo.InvariantCulture, out interval) || interval <= TimeSpan.Zero)
        {
            throw new SealingException($"{Section}:FixityInterval '{V("FixityInterval")}' is geen geldige tijdsduur. Gebruik bijvoorbeeld '1.00:00:00' (een dag) of '06:00:00'.");
        }
        var valuation = MdtoWriter.Valuation.B;
        if (V("Waardering") is { } w && !Enum.TryParse(w, ignoreCase: true, out valuation))
        {
            throw new SealingException($"{Section}:Waardering '{w}' is onbekend. Kies B (blijvend), V (tijdelijk) of N (nog niet bepaald).");
        }
        var parallelism = 2;
        if (V("CopyParallelism") is { } cp && (!int.TryParse(cp, out parallelism) || parallelism is < 1 or > 64))
        {
            throw new SealingException($"{Section}:CopyParallelism '{cp}' moet een geheel getal van 1 tot en met 64 zijn (aantal bijlagen dat tegelijk wordt gekopieerd).");
        }
        return new SealingOptions(
            Path.GetFullPath(V("StoreFolder") ?? Path.Combine(dataFolder, "archive")),
            V("ArchiveKeyPem"),
            Path.GetFullPath(V("ArchiveKeyFile") ?? Path.Combine(dataFolder, "keys", "archive-signing.pem")),
            embedded,
            Path.GetFullPath(V("VaultFolder") ?? Path.Combine(dataFolder, "vault")),
            V("VaultKey"),
            V("SourceFolder") is { } sf ? Path.GetFullPath(sf) : null,
            interval,
            valuation,
            CopyParallelism: parallelism,
            RetiredKeysFolderSetting: V("RetiredKeysFolder") is { } rk ? Path.GetFullPath(rk) : null,
            RetiredVaultKeysBase64: V("RetiredVaultKeys")?.Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>
    /// Where a key rotation keeps what it retired: the public parts of old signing keys (<c>seal-&lt;key id&gt;.pem</c>) and
    /// old vault master keys (<c>vault-&lt;key id&gt;.key</c>, until every export is re-encrypted). Default: keys/retired.
    /// Only the service account may write here: a key in this folder is trusted by the verifier.
    /// </summary>
    public string RetiredKeysFolder => RetiredKeysFolderSetting ?? Path.Combine(Path.GetDirectoryName(ArchiveKeyFile)!, "retired");

    /// <summary>The vault master key's file (when it is not configured): keys/vault.key beside the signing key.</summary>
    public string VaultKeyFile => Path.Combine(Path.GetDirectoryName(ArchiveKeyFile)!, "vault.key");

    /// <summary>The keys a verifier accepts: the current signing key and every retired public key (never creates a key).</summary>
    public Keys.ArchiveKeyRing LoadKeyRing()
    {
        var current = LoadArchiveKey(createIfMissing: false);
        try
        {
            return new Keys.ArchiveKeyRing(current, Keys.ArchiveKeyRing.LoadRetired(RetiredKeysFolder), ownsCurrent: true);
        }
        catch
        {
            current.Dispose();
            throw;
        }
    }

    /// <summary>Retired vault master keys: configured (<c>RetiredVaultKeys</c>, base64, comma-separated) and the files of the retired folder.</summary>
    public IReadOnlyList<byte[]> RetiredVaultKeys()
    {
        var keys = new List<byte[]>();
        foreach (var k in RetiredVaultKeysBase64 ?? []) keys.Add(Vault.RawExportVault.ParseKey(k));
        if (Directory.Exists(RetiredKeysFolder))
        {
            foreach (var file in Directory.EnumerateFiles(RetiredKeysFolder, VaultRetiredPrefix + "*.key").Order(StringComparer.Ordinal))
            {
                var key = Vault.RawExportVault.ParseKey(File.ReadAllText(file));
                if (Path.GetFileNameWithoutExtension(file)[VaultRetiredPrefix.Length..] != Vault.RawExportVault.KeyId(key))
                {
                    throw new SealingException($"Het bestand {Path.GetFileName(file)} in de map met oude sleutels ({RetiredKeysFolder}) bevat een andere kluissleutel dan de naam noemt. Controleer de map; er is niets gewijzigd.");
                }
                keys.Add(key);
            }
        }
        return keys;
    }

    /// <summary>File name prefix of a retired vault master key in <see cref="RetiredKeysFolder"/>.</summary>
    public const string VaultRetiredPrefix = "vault-";

    /// <summary>
    /// The signing key: configured PEM, else the key file; in embedded mode that file is created on first start
    /// (<paramref name="createIfMissing"/>). Verification never creates a key: a new key would prove nothing.
    /// </summary>
    public Chain.ArchiveKey LoadArchiveKey(bool createIfMissing = true)
    {
        if (ArchiveKeyPem is not null) return Chain.ArchiveKey.FromPem(ArchiveKeyPem);
        if (File.Exists(ArchiveKeyFile) || (EmbeddedMode && createIfMissing)) return Chain.ArchiveKey.LoadOrCreate(ArchiveKeyFile);
        throw new SealingException($"Er is geen archiefsleutel ingesteld. Zet een ECDSA P-256-sleutel (PEM) in {Section}:ArchiveKeyPem of een sleutelbestand in {Section}:ArchiveKeyFile; alleen de ingebouwde modus (SQLite) maakt bij de eerste start zelf een sleutel aan.");
    }

    /// <summary>
    /// The vault key: configured, else the key file keys/vault.key beside the signing key when it exists (a rotation
    /// replaces it), else in embedded mode a key generated once into that file (created only when the vault is really
    /// used, never by verification); null in production mode without either.
    /// </summary>
    public string? ResolveVaultKey() =>
        VaultKeyBase64 ?? (EmbeddedMode || File.Exists(VaultKeyFile)
            ? Keys.SecretFile.LoadOrCreate(VaultKeyFile,
                () => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))).Trim()
            : null);

    /// <summary>The vault under the current master key, still reading exports under retired keys (rotation in progress).</summary>
    public Vault.RawExportVault OpenVault() => new(VaultFolder, Vault.RawExportVault.ParseKey(ResolveVaultKey()), RetiredVaultKeys());
}
