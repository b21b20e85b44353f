namespace ChatArchive.Ingestion.Teams;

/// <summary>The two orders of the external sort (see <see cref="TeamsSpillSort"/>).</summary>
internal static class TeamsRecordOrder
{
    /// <summary>
    /// Versions of one id side by side, the one that wins first: latest <c>lastModifiedDateTime</c>, and among equal
    /// times the one read first (the in-memory reader only replaced a version by a strictly newer one).
    /// </summary>
    public static readonly IComparer<TeamsRecord> LatestVersionFirst = Comparer<TeamsRecord>.Create((a, b) =>
    {
        var c = string.CompareOrdinal(a.Id, b.Id);
        if (c != 0)
        {
            return c;
        }
        c = b.Modified.CompareTo(a.Modified);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    });

    /// <summary>Per chat, the order messages are yielded in: <c>createdDateTime</c>, then numeric id, then id (ordinal).</summary>
    public static readonly IComparer<TeamsRecord> ChatThenCreated = Comparer<TeamsRecord>.Create((a, b) =>
    {
        var c = string.CompareOrdinal(a.ChatKey, b.ChatKey);
        return c != 0 ? c : InChat(a, b);
    });

    /// <summary>Within one chat; ids are unique after deduplication, so this is a total order.</summary>
    public static int InChat(TeamsRecord a, TeamsRecord b) => a.Position.CompareTo(b.Position);
}
