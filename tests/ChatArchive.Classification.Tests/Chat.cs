using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Learning;
using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Classification.Tests;

/// <summary>Builds a made-up chat with the officeholder (Eva de Boer, staatssecretaris) and classifies it with the shipped lexicons.</summary>
public sealed class Chat
{
    public const string Officeholder = "Eva de Boer";
    private static readonly MessageClassifier Shipped = MessageClassifier.Create();

    /// <summary>The shipped lexicons without the statistical stages (labels and special categories).</summary>
    public static readonly MessageClassifier RulesOnly = Shipped.RulesOnly();

    private readonly List<MessageToClassify> _messages = [];
    private readonly Dictionary<string, ContactKind> _contacts = new(StringComparer.Ordinal);
    private readonly string _conversation;

    public Chat(string conversation = "gesprek-1") => _conversation = conversation;

    public Chat Register(string contact, ContactKind kind)
    {
        _contacts[contact] = kind;
        return this;
    }

    public Chat Say(string sender, string text, string? id = null, string? replyTo = null, string? fingerprint = null)
    {
        _messages.Add(new MessageToClassify(id ?? $"{_conversation}-m{_messages.Count + 1}", _conversation, sender, text, replyTo) { Fingerprint = fingerprint });
        return this;
    }

    public IReadOnlyList<Suggestion> Classify(DepartmentPolicy? policy = null, MessageClassifier? classifier = null)
    {
        var run = (classifier ?? Shipped).StartRun(new ContactRegistry(_contacts), policy ?? DepartmentPolicy.Default, ConversationParticipants.FromMessages(_messages));
        return _messages.Select(run.Classify).ToList();
    }

    /// <summary>The full pipeline (conversation context, the reviewer's earlier decisions when given), as one read-out.</summary>
    public IReadOnlyList<Suggestion> Suggest(DepartmentPolicy? policy = null, ReviewerHistory? history = null, LearningOptions? learning = null, string? officeholder = Officeholder,
        MessageClassifier? classifier = null)
    {
        var run = (classifier ?? Shipped).StartRun(new ContactRegistry(_contacts), policy ?? DepartmentPolicy.Default, ConversationParticipants.FromMessages(_messages), history, learning, officeholder);
        return run.ClassifyAll(_messages);
    }

    public IReadOnlyList<MessageToClassify> Messages => _messages;

    public Suggestion Last(DepartmentPolicy? policy = null, MessageClassifier? classifier = null) => Classify(policy, classifier)[^1];

    public static Suggestion One(string sender, string text) => new Chat().Say(sender, text).Last();
}
