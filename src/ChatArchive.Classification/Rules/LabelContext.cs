using ChatArchive.Classification.Contacts;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Rules;

/// <summary>
/// What the rules know beside the text: the registered kind of the contact this message is with
/// (the sender, or for the officeholder's own message the other participants), whether the whole
/// conversation is excluded by policy, the label of the message it answers and of the message before it.
/// With the whole conversation at hand (<see cref="ClassificationRun.ClassifyAll"/>) also: what the next
/// message's own content says (<see cref="Next"/>), what the conversation is mostly about
/// (<see cref="Leaning"/>: private or party-political, null when mostly business or unknown) and whether
/// the previous message came from someone else (<see cref="PreviousFromOther"/>) and how many messages in a
/// row before this one were business only because they continued a business exchange (<see cref="PreviousCarry"/>), and whether the
/// message before was business only "bij twijfel" (<see cref="AfterUncertain"/>: then a short reply does not follow the next message away from business),
/// and whether the whole conversation reads as a personal chat (<see cref="PersonalChat"/>: no business word or workplace in any of its
/// messages, several messages with a personal tone; see <see cref="ConversationTone"/>).
/// </summary>
public readonly record struct LabelContext(
    ContactKind? Contact,
    bool ConversationExcluded,
    MessageLabel? Answered,
    MessageLabel? Previous,
    MessageLabel? Next = null,
    MessageLabel? Leaning = null,
    bool PreviousFromOther = true,
    int PreviousCarry = 0,
    bool AfterUncertain = false,
    bool PersonalChat = false);
