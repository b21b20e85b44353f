using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Teams;

/// <summary>
/// What a chat's <see cref="ConversationStarted"/> needs, gathered from its messages in any order, so the external
/// sort can announce a chat before its first message without holding the chat: participants in order of their first
/// message, whether membership changed, the last rename; and where the chat goes among the others.
/// Memory is per chat and per sender, never per message.
/// </summary>
internal sealed class TeamsChatSummary(string key)
{
    private readonly Dictionary<string, TeamsChatPosition> _senders = new(StringComparer.Ordinal);
    private bool _membershipChanged;
    private TeamsChatPosition? _renamedAt;
    private string? _renamedTo;

    public string Key { get; } = key;

    /// <summary>The earliest <c>createdDateTime</c>: chats are yielded in this order.</summary>
    public DateTimeOffset FirstCreated { get; private set; } = DateTimeOffset.MaxValue;

    /// <summary>
    /// Ties between chats with the same first time keep the order in which the in-memory reader met them: the read
    /// position of the earliest-read id that ended up in the chat (its dictionary kept ids in first-read order).
    /// </summary>
    public long FirstRead { get; private set; } = long.MaxValue;

    public static readonly IComparer<TeamsChatSummary> YieldOrder = Comparer<TeamsChatSummary>.Create((a, b) =>
    {
        var c = a.FirstCreated.CompareTo(b.FirstCreated);
        return c != 0 ? c : a.FirstRead.CompareTo(b.FirstRead);
    });

    /// <param name="winner">The version of an id that is kept.</param>
    /// <param name="firstRead">The read position of the first version of that id.</param>
    public void Observe(TeamsRecord winner, long firstRead)
    {
        if (winner.Created < FirstCreated)
        {
            FirstCreated = winner.Created;
        }
        FirstRead = Math.Min(FirstRead, firstRead);
        var position = winner.Position;
        switch (winner.Item)
        {
            case MessageRead { Message.Sender: var sender }:
                if (!_senders.TryGetValue(sender, out var known) || position.CompareTo(known) < 0)
                {
                    _senders[sender] = position;
                }
                break;
            case SystemEventRead { Event.Kind: var kind } when IsMembership(kind):
                _membershipChanged = true;
                break;
        }
        if (winner.RenamedTo is not null && (_renamedAt is null || position.CompareTo(_renamedAt.Value) > 0))
        {
            _renamedAt = position;
            _renamedTo = winner.RenamedTo;
        }
    }

    public ConversationStarted Started() =>
        Started(Key, _senders.OrderBy(s => s.Value).Select(s => s.Key).ToList(), _membershipChanged, _renamedTo);

    /// <summary>One rule for both paths: a group has more than two people, a name or membership changes (FORMATS.md §6).</summary>
    public static ConversationStarted Started(string key, List<string> participants, bool membershipChanged, string? renamedTo)
    {
        var isGroup = participants.Count > 2 || renamedTo is not null || membershipChanged;
        var title = renamedTo ?? (participants.Count > 0 ? string.Join(", ", participants) : key);
        return new ConversationStarted(key, title, isGroup, participants);
    }

    public static bool IsMembership(SystemEventKind kind) =>
        kind is SystemEventKind.MemberAdded or SystemEventKind.MemberRemoved or SystemEventKind.MemberLeft or SystemEventKind.MemberJoined;
}
