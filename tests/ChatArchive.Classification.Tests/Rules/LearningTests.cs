using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Learning;
using ChatArchive.Classification.Rules;
using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Tests.Rules;

/// <summary>
/// Learning from the reviewer: the decisions of an earlier read-out of the same officeholder inform the
/// next read-out's suggestions, with a reason that says so; a department can switch it off. These tests
/// use the rules without the statistical stage, so that what they show is learning alone.
/// </summary>
public class LearningTests
{
    /// <summary>The first read-out: a chat with a friend that is not registered, about nothing the rules can see.</summary>
    private static Chat FirstReadOut() => new Chat("sanne")
        .Say("Sanne", "Zie ik je zaterdag bij de Pier?", fingerprint: "f1")
        .Say(Chat.Officeholder, "Ja, rond acht uur", fingerprint: "f2")
        .Say("Sanne", "Neem Joris ook mee", fingerprint: "f3")
        .Say(Chat.Officeholder, "Doe ik", fingerprint: "f4");

    /// <summary>The second read-out six weeks later: the same chat goes on with new messages.</summary>
    private static Chat SecondReadOut() => new Chat("sanne")
        .Say("Sanne", "Volgende week weer?", id: "new-1", fingerprint: "f5")
        .Say(Chat.Officeholder, "Ik kijk het even na", id: "new-2", fingerprint: "f6")
        .Say("Sanne", "Prima, laat maar weten", id: "new-3", fingerprint: "f7");

    /// <summary>What the reviewer decided on the first read-out: the rules said business; the reviewer corrected the conversation to private.</summary>
    private static ReviewerHistory Corrected(Chat first, IReadOnlyList<Suggestion> suggested)
    {
        Assert.All(suggested, s => Assert.Equal(MessageLabel.Business, s.Label)); // the rules alone cannot see it
        var decisions = first.Messages.Select(m => new PriorDecision(m.Conversation, m.Sender, MessageLabel.Private, m.Fingerprint));
        return new ReviewerHistory(decisions, Chat.Officeholder);
    }

    [Fact]
    public void Correction_in_the_first_read_out_is_suggested_in_the_second_with_its_reason()
    {
        var first = FirstReadOut();
        var history = Corrected(first, first.Suggest(classifier: Chat.RulesOnly));

        var second = SecondReadOut().Suggest(classifier: Chat.RulesOnly, history: history);

        Assert.All(second, s => Assert.Equal(MessageLabel.Private, s.Label));
        Assert.Equal("eerder door de informatieprofessional als privé beoordeeld, 4 van 4 berichten in dit gesprek", second[0].Reasons[0]);
        // Later messages follow the thread by the rules as well; the earlier decisions support them and say so.
        Assert.All(second.Skip(1), s => Assert.Contains("eerder door de informatieprofessional als privé beoordeeld, 4 van 4 berichten in dit gesprek", s.Reasons));
        Assert.All(second, s => Assert.DoesNotContain(LabelRules.UncertainReason, s.Reasons));
    }

    [Fact]
    public void Same_message_exported_again_gets_the_earlier_decision()
    {
        var first = FirstReadOut();
        var history = Corrected(first, first.Suggest(classifier: Chat.RulesOnly));

        // A new conversation id (the chat was renamed), but the same message by its fingerprint.
        var again = new Chat("sanne-hernoemd").Say("Sanne", "Zie ik je zaterdag bij de Pier?", fingerprint: "f1").Suggest(classifier: Chat.RulesOnly, history: history)[0];

        Assert.Equal(MessageLabel.Private, again.Label);
        Assert.Equal("eerder door de informatieprofessional als privé beoordeeld: hetzelfde bericht in een eerdere uitlezing", again.Reasons[0]);
        Assert.Equal(0.9, again.Confidence);
    }

    [Fact]
    public void Department_that_switches_learning_off_gets_the_rules_alone()
    {
        var first = FirstReadOut();
        var history = Corrected(first, first.Suggest(classifier: Chat.RulesOnly));

        var second = SecondReadOut().Suggest(classifier: Chat.RulesOnly, history: history, learning: LearningOptions.Off);

        Assert.All(second, s => Assert.Equal(MessageLabel.Business, s.Label));
        Assert.DoesNotContain(second.SelectMany(s => s.Reasons), r => r.StartsWith("eerder door", StringComparison.Ordinal));
    }

    [Fact]
    public void Earlier_decisions_never_move_a_message_with_business_content_away_from_business()
    {
        var first = FirstReadOut();
        var history = Corrected(first, first.Suggest(classifier: Chat.RulesOnly));

        var second = new Chat("sanne")
            .Say("Sanne", "Volgende week weer?")
            .Say("Sanne", "Ik werk nu bij de gemeente: kun jij eens kijken naar de subsidieregeling voor de woningbouw bij ons?")
            .Suggest(classifier: Chat.RulesOnly, history: history);

        Assert.Equal(MessageLabel.Private, second[0].Label);
        Assert.Equal(MessageLabel.Business, second[1].Label);
    }

    [Fact]
    public void Conversation_the_reviewer_kept_as_business_is_suggested_business_against_the_contact()
    {
        // A registered private contact who is also a mayor: the reviewer kept this conversation as business.
        Chat Mayor() => new Chat("burgemeester").Register("Kees buurman", ContactKind.Private)
            .Say("Kees buurman", "Kunnen we morgen even bellen?")
            .Say(Chat.Officeholder, "Na tienen")
            .Say("Kees buurman", "Goed");
        var without = Mayor().Suggest(DomainPolicyWithoutExclusion, classifier: Chat.RulesOnly);
        Assert.Equal(MessageLabel.Private, without[0].Label);

        var history = new ReviewerHistory(
            Enumerable.Range(1, 6).Select(i => new PriorDecision("burgemeester", i % 2 == 0 ? Chat.Officeholder : "Kees buurman", MessageLabel.Business)),
            Chat.Officeholder);
        var with = Mayor().Suggest(DomainPolicyWithoutExclusion, history, classifier: Chat.RulesOnly);

        Assert.All(with, s => Assert.Equal(MessageLabel.Business, s.Label));
        Assert.Equal("eerder door de informatieprofessional als zakelijk beoordeeld, 6 van 6 berichten in dit gesprek", with[0].Reasons[0]);
    }

    [Fact]
    public void A_contact_decided_private_informs_a_new_conversation_with_that_contact()
    {
        var history = new ReviewerHistory(
        [
            new("oud-1", "Sanne", MessageLabel.Private), new("oud-1", "Sanne", MessageLabel.Private),
            new("oud-2", "Sanne", MessageLabel.Private), new("oud-2", "Sanne", MessageLabel.Business),
            new("oud-2", "Sanne", MessageLabel.Private), new("oud-1", Chat.Officeholder, MessageLabel.Private),
        ], Chat.Officeholder);

        var s = new Chat("nieuw").Say("Sanne", "Ben je er morgen ook?").Say(Chat.Officeholder, "Weet ik nog niet").Suggest(classifier: Chat.RulesOnly, history: history);

        Assert.Equal(MessageLabel.Private, s[0].Label);
        Assert.Equal("eerder door de informatieprofessional als privé beoordeeld, 4 van 5 berichten van dit contact", s[0].Reasons[0]);
        // The officeholder's own messages are not counted per contact; the reply follows the thread.
        Assert.Equal(MessageLabel.Private, s[1].Label);
    }

    [Fact]
    public void Too_few_or_split_decisions_inform_nothing()
    {
        var few = new ReviewerHistory([new("sanne", "Sanne", MessageLabel.Private), new("sanne", "Sanne", MessageLabel.Private)], Chat.Officeholder);
        var split = new ReviewerHistory(
            Enumerable.Range(0, 10).Select(i => new PriorDecision("sanne", "Sanne", i < 6 ? MessageLabel.Private : MessageLabel.Business)), Chat.Officeholder);

        var withFew = new Chat("sanne").Say("Sanne", "Volgende week weer?").Suggest(classifier: Chat.RulesOnly, history: few)[0];
        var withSplit = new Chat("sanne").Say("Sanne", "Volgende week weer?").Suggest(classifier: Chat.RulesOnly, history: split)[0];

        Assert.Equal(MessageLabel.Business, withFew.Label);
        Assert.Equal(MessageLabel.Business, withSplit.Label);
        Assert.Equal(LabelRules.UncertainReason, withSplit.Reasons[0]);
    }

    [Fact]
    public void Tally_counts_per_label_and_ties_go_to_business()
    {
        var history = new ReviewerHistory(
        [
            new("c", "A", MessageLabel.Private, "x"), new("c", "A", MessageLabel.Business, "y"),
            new("c", "B", MessageLabel.PartyPolitical), new("c", "B", MessageLabel.Private, "x"),
        ]);
        var tally = history.ForConversation("c")!;

        Assert.Equal(4, history.Count);
        Assert.Equal(4, tally.Total);
        Assert.Equal(2, tally[MessageLabel.Private]);
        Assert.Equal(MessageLabel.Private, tally.Majority);
        Assert.Equal(MessageLabel.Private, history.ForFingerprint("x"));
        Assert.Equal(MessageLabel.Business, new ReviewerHistory([new("d", "A", MessageLabel.Private), new("d", "A", MessageLabel.Business)]).ForConversation("d")!.Majority);
        Assert.Null(history.ForConversation("other"));
        Assert.Null(history.ForFingerprint(null));
    }

    private static readonly Domain.Policies.DepartmentPolicy DomainPolicyWithoutExclusion = Domain.Policies.DepartmentPolicy.Default with { ExcludePrivateContacts = false };
}
