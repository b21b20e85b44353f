using System.Security.Cryptography;

namespace ChatArchive.Sealing.Chain;

/// <summary>
/// The archive's ECDSA P-256 key that signs every seal (issue 5 §3). It comes from configuration as PEM;
/// in embedded mode a key is generated on first start and kept in a file only the service account can read.
/// </summary>
public sealed class ArchiveKey : IDisposable
{
    private readonly ECDsa _key;

    private ArchiveKey(ECDsa key, bool hasPrivateKey)
    {
        _key = key;
        HasPrivateKey = hasPrivateKey;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>SHA-256 of the public key (SubjectPublicKeyInfo): names the key in every seal so rotation stays verifiable.</summary>
    public string KeyId { get; }

    public bool HasPrivateKey { get; }

    public static ArchiveKey FromPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new SealingException("De archiefsleutel (ChatArchive:Sealing:ArchiveKeyPem) is geen geldige PEM-sleutel. Zet er een ECDSA P-256-sleutel in (PKCS#8) of laat het veld leeg in de ingebouwde modus.", e);
        }
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new SealingException("De archiefsleutel moet een ECDSA P-256-sleutel zijn (256 bits).");
        }
        var hasPrivate = pem.Contains("PRIVATE KEY", StringComparison.Ordinal);
        return new ArchiveKey(key, hasPrivate);
    }

    public static ArchiveKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), hasPrivateKey: true);

    /// <summary>Loads the key file, or creates it (mode 0600) when it does not exist yet: embedded mode's first start.</summary>
    public static ArchiveKey LoadOrCreate(string keyFile) =>
        FromPem(Keys.SecretFile.LoadOrCreate(keyFile, () =>
        {
            using var key = Generate();
            return key.ExportPrivateKeyPem();
        }));

    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    public string ExportPublicKeyPem() => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>IEEE P1363 (r‖s) signature over SHA-256 of <paramref name="data"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        if (!HasPrivateKey) throw new SealingException("Met alleen de publieke archiefsleutel kan niet worden verzegeld. Stel de private sleutel in (ChatArchive:Sealing:ArchiveKeyPem).");
        return _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
