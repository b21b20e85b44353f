namespace ChatArchive.Persistence.Ingestion;

/// <summary>
/// Renamed chats and senders of one officeholder's channel (migration 0103): how names in an export map to what is
/// stored. WhatsApp writes the phone's current contact name into every line and into the file name, so saving an
/// unknown number as a contact, or renaming one, changes the sender and the title of every earlier message.
/// Known renames come from the database; renames learned during a read-out are added and stored with it.
/// </summary>
internal sealed class Renames
{
    private readonly Dictionary<string, string> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Conversation, string ExportName), string> _senders = [];

    /// <summary>Renames this read-out found (not yet stored): they are stored and reported with it.</summary>
    public List<ConversationRename> NewConversations { get; } = [];

    public List<SenderRename> NewSenders { get; } = [];

    public bool HasSenders => _senders.Count > 0;

    /// <summary>The stored conversation key an export's conversation key stands for.</summary>
    public string Conversation(string exportKey) => _conversations.TryGetValue(exportKey, out var stored) ? stored : exportKey;

    /// <summary>The sender's name as first stored in that (stored) conversation.</summary>
    public string Sender(string storedConversation, string exportName) =>
        _senders.TryGetValue((storedConversation, exportName), out var stored) ? stored : exportName;

    public void KnownConversation(string exportKey, string storedKey) => _conversations[exportKey] = storedKey;

    public void KnownSender(string storedConversation, string exportName, string storedName) => _senders[(storedConversation, exportName)] = storedName;

    public void Learn(RenamesFoundException found)
    {
        foreach (var c in found.Conversations)
        {
            NewConversations.Add(c);
            KnownConversation(c.ExportKey, c.StoredKey);
        }
        foreach (var s in found.Senders)
        {
            NewSenders.Add(s);
            KnownSender(s.StoredConversation, s.ExportName, s.StoredName);
        }
    }
}

internal sealed record ConversationRename(string ExportKey, string StoredKey, long Matches);

internal sealed record SenderRename(string StoredConversation, string ExportName, string StoredName, long Matches);

/// <summary>
/// The read-out matched stored messages in everything but a chat's title or a sender's name. Nothing was committed:
/// the store learns the renames and reads the export again, so the messages are recognised instead of being reported
/// missing and stored twice.
/// </summary>
internal sealed class RenamesFoundException(IReadOnlyList<ConversationRename> conversations, IReadOnlyList<SenderRename> senders)
    : Exception("The read-out holds renamed chats or senders; it is merged again with the renames applied.")
{
    public IReadOnlyList<ConversationRename> Conversations { get; } = conversations;

    public IReadOnlyList<SenderRename> Senders { get; } = senders;
}
