namespace ChatArchive.Sealing.Input;

/// <summary>
/// Where sealing gets its input. The production source reads the ingestion and classification tables;
/// <see cref="Sources.FolderSealSource"/> reads the same data from files.
/// </summary>
public interface ISealSource
{
    /// <summary>Every read-out of this officeholder and channel, sealed or not, oldest period first.</summary>
    IAsyncEnumerable<ReadOutToSeal> ReadOutsAsync(string officeholderId, string channel, CancellationToken ct = default);

    /// <summary>Opens the bytes of one attachment of a kept message; the caller disposes the stream.</summary>
    Task<Stream> OpenAttachmentAsync(ReadOutToSeal readOut, ConversationToSeal conversation, Domain.Messages.AttachmentRef attachment, CancellationToken ct = default);
}
