namespace ChatArchive.Ingestion.Teams;

/// <summary>Where a message stands within its chat: <c>createdDateTime</c>, then numeric id, then id (ordinal).</summary>
internal readonly record struct TeamsChatPosition(DateTimeOffset Created, long NumericId, string Id) : IComparable<TeamsChatPosition>
{
    public int CompareTo(TeamsChatPosition other)
    {
        // DateTimeOffset compares instants, as the in-memory OrderBy(Created) did.
        var c = Created.CompareTo(other.Created);
        if (c != 0)
        {
            return c;
        }
        c = NumericId.CompareTo(other.NumericId);
        return c != 0 ? c : string.CompareOrdinal(Id, other.Id);
    }
}
