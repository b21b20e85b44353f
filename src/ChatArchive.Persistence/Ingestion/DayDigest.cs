namespace ChatArchive.Persistence.Ingestion;

/// <summary>
/// An order-independent digest of a multiset of messages of one conversation and day: the count and
/// the sums of two 31-bit parts of their <see cref="ChatArchive.Ingestion.Pipeline.DayDigestHash"/>. Duplicates add twice, so "Ok, Ok" differs from "Ok".
/// </summary>
internal readonly record struct DayDigest(long Messages, long SumA, long SumB)
{
    public DayDigest Add(in StagedMessage m) => new(Messages + 1, SumA + m.DigestA, SumB + m.DigestB);
}
