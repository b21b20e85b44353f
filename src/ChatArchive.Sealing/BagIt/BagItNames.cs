namespace ChatArchive.Sealing.BagIt;

/// <summary>File names fixed by RFC 8493 §2 and the seal files this system adds beside them.</summary>
public static class BagItNames
{
    public const string Declaration = "bagit.txt";
    public const string PayloadFolder = "data";
    public const string PayloadManifest = "manifest-sha256.txt";
    public const string BagInfo = "bag-info.txt";
    public const string TagManifest = "tagmanifest-sha256.txt";

    /// <summary>The seal statement and its signature; they cover the tag manifest, so they cannot be listed in it.</summary>
    public const string SealStatement = "chatarchive-seal.json";
    public const string SealSignature = "chatarchive-seal.sig";

    /// <summary>RFC 8493 §2.1.1: exactly these two lines.</summary>
    public const string DeclarationText = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
}
