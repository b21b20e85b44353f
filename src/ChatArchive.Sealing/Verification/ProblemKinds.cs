namespace ChatArchive.Sealing.Verification;

/// <summary>Stable problem codes of <c>chatarchive verify --json</c>; people read the Dutch detail beside them.</summary>
public static class ProblemKinds
{
    public const string MissingFile = "missing-file";
    public const string UnexpectedFile = "unexpected-file";
    public const string ChecksumMismatch = "checksum-mismatch";
    public const string OxumMismatch = "oxum-mismatch";
    public const string DeclarationInvalid = "bag-declaration-invalid";
    public const string ManifestInvalid = "manifest-invalid";
    public const string BagInfoMismatch = "bag-info-mismatch";
    public const string SealMissing = "seal-missing";
    public const string SealInvalid = "seal-invalid";
    public const string SealMismatch = "seal-mismatch";
    public const string SignatureInvalid = "signature-invalid";
    public const string PackageMisplaced = "package-misplaced";
    public const string ChainGap = "chain-gap";
    public const string ChainBroken = "chain-broken";
    public const string ChainFork = "chain-fork";
    public const string MdtoInvalid = "mdto-invalid";
    public const string PackageNotFound = "package-not-found";
}
