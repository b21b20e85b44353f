namespace ChatArchive.Sealing.Verification;

/// <summary>One finding of a verification: the package, the file (bag-relative) if any, a stable kind code and a Dutch detail.</summary>
public sealed record VerificationProblem(string Package, string? File, string Kind, string Detail);
