namespace ChatArchive.Ingestion.Teams;

/// <summary>
/// One sorted, encrypted run on disk. The file is a sequence of chunks
/// <c>[plain length: int32][nonce: 12][tag: 16][ciphertext]</c>, each sealed with the run number and its own offset
/// as associated data, so a chunk cannot be swapped or moved unnoticed. A run sorted by chat has one segment per
/// chat, each starting on a fresh chunk, so the merge can read one chat from every run without reading the others.
/// </summary>
internal sealed class TeamsSpillRun(int number, FileStream file, IReadOnlyDictionary<string, TeamsSpillRun.Segment> chats, long records)
{
    public const int ChunkHeaderBytes = 4 + TeamsSpillCipher.NonceBytes + TeamsSpillCipher.TagBytes;

    /// <summary><paramref name="Records"/> records starting at the chunk at <paramref name="Offset"/>.</summary>
    public readonly record struct Segment(long Offset, long Records);

    public int Number { get; } = number;

    public FileStream File { get; } = file;

    public long Records { get; } = records;

    /// <summary>The whole run, in file order.</summary>
    public Segment All => new(0, Records);

    /// <summary>Segments by chat key; empty for a run that is not sorted by chat.</summary>
    public IReadOnlyDictionary<string, Segment> Chats { get; } = chats;
}
