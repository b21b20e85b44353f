using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Matching;
using ChatArchive.Classification.Rules;
using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Classification;

/// <summary>
/// Classifies a stream of messages in conversation order, remembering each conversation's last label
/// and each message's label so acknowledgements can follow what they answer. One run per worker
/// (not thread-safe); it reuses its buffers so the rule stage allocates little.
/// </summary>
public sealed class ClassificationRun
{
    private readonly MessageClassifier _classifier;
    private readonly ContactRegistry _contacts;
    private readonly DepartmentPolicy _policy;
    private readonly ConversationParticipants _participants;
    private readonly TokenBuffer _tokens = new();
    private readonly List<LexiconHit> _hits = new(16);
    private readonly Evidence _evidence = new();
    private readonly Dictionary<string, MessageLabel> _lastInConversation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageLabel> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContactKind?> _conversationKind = new(StringComparer.Ordinal);

    internal ClassificationRun(MessageClassifier classifier, ContactRegistry contacts, DepartmentPolicy policy, ConversationParticipants participants)
    {
        _classifier = classifier;
        _contacts = contacts;
        _policy = policy;
        _participants = participants;
    }

    /// <summary>The officeholder's sender name, when known; otherwise one unregistered participant is assumed to be the officeholder.</summary>
    public string? Officeholder { get; init; }

    public Suggestion Classify(MessageToClassify message)
    {
        _classifier.Collect(message.Text, _tokens, _hits, _evidence);

        if (!_conversationKind.TryGetValue(message.Conversation, out var conversationKind))
        {
            conversationKind = _participants.RegisteredKind(message.Conversation, _contacts, Officeholder);
            _conversationKind[message.Conversation] = conversationKind;
        }
        // The contact of this message: the sender when registered, else (the officeholder's own message) the registered counterpart.
        var contact = _contacts.Find(message.Sender) ?? conversationKind;
        var excluded = _policy.ExcludePrivateContacts && conversationKind is not null;

        MessageLabel? answered = message.ReplyTo is not null && _byId.TryGetValue(message.ReplyTo, out var a) ? a : null;
        MessageLabel? previous = _lastInConversation.TryGetValue(message.Conversation, out var p) ? p : null;

        var suggestion = _classifier.Build(message.Id, _evidence, new LabelContext(contact, excluded, answered, previous));
        _lastInConversation[message.Conversation] = suggestion.Label;
        _byId[message.Id] = suggestion.Label;
        return suggestion;
    }
}
