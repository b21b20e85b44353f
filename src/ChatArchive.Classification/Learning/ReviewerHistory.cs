using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Learning;

/// <summary>
/// The earlier decisions of one officeholder's reviewer, counted per conversation, per contact and per
/// message fingerprint: a plain input of the classification module. Read-only after construction and
/// shareable between runs.
/// </summary>
public sealed class ReviewerHistory
{
    private readonly Dictionary<string, Tally> _byConversation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tally> _byContact = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, MessageLabel> _byFingerprint = new(StringComparer.Ordinal);

    public static ReviewerHistory Empty { get; } = new([], null);

    /// <param name="decisions">Earlier decisions, oldest first (a later decision on the same fingerprint wins).</param>
    /// <param name="officeholder">The officeholder's sender name, when known: their own messages are not counted per contact.</param>
    public ReviewerHistory(IEnumerable<PriorDecision> decisions, string? officeholder = null)
    {
        foreach (var d in decisions)
        {
            Count++;
            Add(_byConversation, d.Conversation, d.Label);
            var sender = d.Sender.Trim();
            if (officeholder is null || !string.Equals(sender, officeholder.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                Add(_byContact, sender, d.Label);
            }
            if (!string.IsNullOrEmpty(d.Fingerprint)) _byFingerprint[d.Fingerprint] = d.Label;
        }
    }

    /// <summary>Number of decisions read.</summary>
    public int Count { get; }

    public bool IsEmpty => Count == 0;

    public MessageLabel? ForFingerprint(string? fingerprint) =>
        fingerprint is not null && _byFingerprint.TryGetValue(fingerprint, out var label) ? label : null;

    public Tally? ForConversation(string conversation) => _byConversation.TryGetValue(conversation, out var t) ? t : null;

    public Tally? ForContact(string sender) => _byContact.TryGetValue(sender.Trim(), out var t) ? t : null;

    private static void Add(Dictionary<string, Tally> map, string key, MessageLabel label)
    {
        if (!map.TryGetValue(key, out var t)) map[key] = t = new Tally();
        t.Add(label);
    }

    /// <summary>How many earlier decisions carried each label.</summary>
    public sealed class Tally
    {
        private readonly int[] _counts = new int[3];

        public int Total { get; private set; }

        public int this[MessageLabel label] => _counts[(int)label];

        /// <summary>The label most decisions carried (business on a tie: never away from business on a tie).</summary>
        public MessageLabel Majority
        {
            get
            {
                var best = MessageLabel.Business;
                if (_counts[(int)MessageLabel.Private] > _counts[(int)best]) best = MessageLabel.Private;
                if (_counts[(int)MessageLabel.PartyPolitical] > _counts[(int)best]) best = MessageLabel.PartyPolitical;
                return best;
            }
        }

        internal void Add(MessageLabel label)
        {
            _counts[(int)label]++;
            Total++;
        }
    }
}
