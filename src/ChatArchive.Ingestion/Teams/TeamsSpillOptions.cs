namespace ChatArchive.Ingestion.Teams;

/// <summary>
/// How the Teams reader bounds its memory (issue 3 §5): a run holds at most <see cref="RecordsPerRun"/> records and
/// about <see cref="BytesPerRun"/> bytes before it is sorted, encrypted and written to a temporary file.
/// Tests force tiny runs and chunks; production uses <see cref="Default"/>.
/// </summary>
/// <param name="Folder">Where the private spill folder is made; the system temp folder when null.</param>
internal sealed record TeamsSpillOptions(
    int RecordsPerRun = 20_000,
    long BytesPerRun = 32L << 20,
    int ChunkBytes = 64 << 10,
    int MaxRunsPerMerge = 64,
    string? Folder = null)
{
    public static readonly TeamsSpillOptions Default = new();
}
