using ChatArchive.Sealing.Storage;

namespace ChatArchive.Sealing.Chain;

/// <summary>One sealed package as the chain sees it: where it is, what its seal says, and the seal's hash.</summary>
public sealed record ChainLink(PackageAddress Address, SealStatement Statement, string SealSha256);
