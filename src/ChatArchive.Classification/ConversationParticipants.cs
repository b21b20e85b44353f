using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Suggestions;

namespace ChatArchive.Classification;

/// <summary>
/// Who takes part in each conversation, known before classifying so that a conversation whose
/// participants are all registered private or party-political contacts can be excluded as a whole
/// (Kamervragen 2024Z13765, antwoord 4, "geautomatiseerd laten uitzonderen"). The officeholder is not a registered
/// contact: when not named, one unregistered participant is taken to be the officeholder.
/// </summary>
public sealed class ConversationParticipants
{
    private readonly Dictionary<string, HashSet<string>> _byConversation;

    private ConversationParticipants(Dictionary<string, HashSet<string>> byConversation) => _byConversation = byConversation;

    public static ConversationParticipants None { get; } = new(new Dictionary<string, HashSet<string>>(StringComparer.Ordinal));

    public static ConversationParticipants FromMessages(IEnumerable<MessageToClassify> messages)
    {
        var map = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var m in messages) Add(map, m.Conversation, m.Sender);
        return new ConversationParticipants(map);
    }

    public static ConversationParticipants FromSenders(IEnumerable<(string Conversation, string Sender)> senders)
    {
        var map = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (conversation, sender) in senders) Add(map, conversation, sender);
        return new ConversationParticipants(map);
    }

    /// <summary>
    /// The registered kind shared by the conversation's other participants, or null when someone
    /// besides the officeholder is a work contact. Mixed private and party contacts count as private.
    /// </summary>
    public ContactKind? RegisteredKind(string conversation, ContactRegistry contacts, string? officeholder = null)
    {
        if (!_byConversation.TryGetValue(conversation, out var senders)) return null;
        var unregistered = 0;
        var registered = 0;
        var anyPrivate = false;
        foreach (var s in senders)
        {
            if (officeholder is not null && string.Equals(s.Trim(), officeholder.Trim(), StringComparison.OrdinalIgnoreCase)) continue;
            switch (contacts.Find(s))
            {
                case null: unregistered++; break;
                case ContactKind.Private: registered++; anyPrivate = true; break;
                default: registered++; break;
            }
        }
        var allowedUnknown = officeholder is null ? 1 : 0;
        if (registered == 0 || unregistered > allowedUnknown) return null;
        return anyPrivate ? ContactKind.Private : ContactKind.PartyPolitical;
    }

    /// <summary>The kind of the registered participants when some take part (private wins over party), whoever else takes part; null when none is registered.</summary>
    public ContactKind? AnyRegisteredKind(string conversation, ContactRegistry contacts)
    {
        if (!_byConversation.TryGetValue(conversation, out var senders)) return null;
        ContactKind? kind = null;
        foreach (var s in senders)
        {
            switch (contacts.Find(s))
            {
                case ContactKind.Private: return ContactKind.Private;
                case ContactKind.PartyPolitical: kind = ContactKind.PartyPolitical; break;
            }
        }
        return kind;
    }

    private static void Add(Dictionary<string, HashSet<string>> map, string conversation, string sender)
    {
        if (!map.TryGetValue(conversation, out var set)) map[conversation] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        set.Add(sender.Trim());
    }
}
