namespace ChatArchive.Ingestion.Sources;

/// <summary>
/// Limits that refuse a zip bomb before anything is unpacked (issue 3 §6). A WhatsApp export with
/// media holds at most about 10,000 messages (FORMATS.md §1.1), so the defaults leave ample room
/// for real exports while stopping archives built to exhaust disk or memory.
/// </summary>
public sealed record ZipLimits(int MaxEntries = 100_000, long MaxTotalUncompressedBytes = 32L << 30, double MaxCompressionRatio = 200, long RatioCheckFromBytes = 1 << 20)
{
    public static ZipLimits Default { get; } = new();
}
