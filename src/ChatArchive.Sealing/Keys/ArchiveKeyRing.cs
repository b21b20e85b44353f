using ChatArchive.Sealing.Chain;

namespace ChatArchive.Sealing.Keys;

/// <summary>
/// The keys a verifier accepts, by key id: the current archive key and the public parts of keys retired by a rotation
/// (<c>chatarchive keys rotate-seal</c>). A seal made with any other key is refused: the ring is only what this
/// installation itself retired, never a key the package brings along.
/// </summary>
public sealed class ArchiveKeyRing : IDisposable
{
    /// <summary>File name prefix of a retired public signing key: <c>seal-&lt;key id&gt;.pem</c> in the retired-keys folder.</summary>
    public const string RetiredPrefix = "seal-";

    private readonly Dictionary<string, ArchiveKey> _keys = new(StringComparer.Ordinal);
    private readonly List<ArchiveKey> _owned = [];

    /// <param name="current">The current key (disposed by the ring only with <paramref name="ownsCurrent"/>); may be null when only retired keys are known.</param>
    public ArchiveKeyRing(ArchiveKey? current, IEnumerable<ArchiveKey>? retired = null, bool ownsCurrent = false)
    {
        if (current is not null) _keys[current.KeyId] = current;
        if (current is not null && ownsCurrent) _owned.Add(current);
        Current = current;
        foreach (var k in retired ?? [])
        {
            if (!_owned.Contains(k)) _owned.Add(k);
            _keys.TryAdd(k.KeyId, k);
        }
    }

    public ArchiveKey? Current { get; }

    /// <summary>Ids of the retired keys (not the current one), sorted.</summary>
    public IReadOnlyList<string> RetiredKeyIds =>
        _keys.Keys.Where(id => id != Current?.KeyId).Order(StringComparer.Ordinal).ToList();

    /// <summary>The key with this id, or null when the installation does not know it.</summary>
    public ArchiveKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    /// <summary>
    /// Reads every <c>seal-*.pem</c> of <paramref name="folder"/> (public keys). A file whose name does not match the key
    /// inside is refused: someone put a key there under another name, and a verifier must not guess.
    /// </summary>
    public static IReadOnlyList<ArchiveKey> LoadRetired(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var keys = new List<ArchiveKey>();
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, RetiredPrefix + "*.pem").Order(StringComparer.Ordinal))
            {
                var key = ArchiveKey.FromPem(File.ReadAllText(file));
                keys.Add(key);
                var named = Path.GetFileNameWithoutExtension(file)[RetiredPrefix.Length..];
                if (!string.Equals(named, key.KeyId, StringComparison.Ordinal))
                {
                    throw new SealingException($"Het bestand {Path.GetFileName(file)} in de map met oude archiefsleutels ({folder}) bevat sleutel {key.KeyId[..16]}…, " +
                                               "niet de sleutel die de naam noemt. Controleer de map (is er een sleutel toegevoegd of hernoemd?); er is niets gecontroleerd.");
                }
            }
        }
        catch
        {
            foreach (var k in keys) k.Dispose();
            throw;
        }
        return keys;
    }

    /// <summary>Writes the public part of <paramref name="key"/> into the retired folder (once; a rerun keeps the file). Returns its path.</summary>
    public static string Retire(ArchiveKey key, string folder)
    {
        var path = Path.Combine(folder, RetiredPrefix + key.KeyId + ".pem");
        SecretFile.LoadOrCreate(path, key.ExportPublicKeyPem);
        return path;
    }

    public void Dispose()
    {
        foreach (var k in _owned) k.Dispose();
    }
}
