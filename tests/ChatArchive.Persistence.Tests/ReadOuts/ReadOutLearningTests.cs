using System.Globalization;
using ChatArchive.Classification;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>
/// Suggestions of a stored read-out use the full classification pipeline: the reviewer's decisions in this
/// officeholder's earlier read-outs inform the next one (same conversation), with a reason that says so; a
/// different officeholder's decisions do not; a department that switches learning off gets the rules' suggestion
/// (issue 12, item 2, acceptance). Made-up messages.
/// </summary>
public class ReadOutLearningTests
{
    // Neutral short messages: the rules alone say business "bij twijfel" (no private or business word).
    private static readonly string[] March =
    [
        // Words that give the rules and the language model nothing to go on (both suggest business: bij twijfel zakelijk),
        // so what the second read-out suggests differently can only come from the reviewer's earlier decisions.
        "01-03-2024 18:00 - Kees: Heb je het stuk al gelezen?",
        "01-03-2024 18:02 - Minister Bakker: Ja, net",
        "01-03-2024 18:05 - Kees: Ik bel je straks",
        "01-03-2024 18:06 - Minister Bakker: Prima",
    ];

    private static readonly string[] April = [.. March, "02-04-2024 18:00 - Kees: Zelfde tijd morgen?"];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_reviewers_earlier_decisions_on_a_conversation_inform_the_next_read_out(DatabaseProvider provider)
    {
        var (w, secondId) = await CorrectThenReadAgainAsync(provider, ReadOutWorld.Removing());

        // The one new message in that conversation is suggested private, citing the earlier decisions.
        var next = Assert.Single((await w.Queries.MessagesAsync(secondId, new MessageQuery(IncludeText: true))).Items);
        Assert.Equal(MessageLabel.Private, next.SuggestedLabel);
        Assert.Equal(
            ClassificationRun.Reasons.Earlier(MessageLabel.Private, March.Length, March.Length, ClassificationRun.Reasons.InConversation),
            next.Reasons[0]);
        Assert.Equal("eerder door de informatieprofessional als privé beoordeeld, 4 van 4 berichten in dit gesprek", next.Reasons[0]);

        // Another officeholder's read-out with a chat of the same contact learns nothing from the first officeholder's reviewer.
        var other = await w.CreateReadOutAsync(instance: "wf-learn-3", officeholder: w.OtherMinister);
        await w.Service.RegisterUploadsAsync(other.Id, [ReadOutWorld.Text("Kees", April.Select(l => l.Replace(ReadOutWorld.MinisterName, ReadOutWorld.OtherMinisterName, StringComparison.Ordinal)))], w.Professional);
        await w.Service.IngestAsync(other.Id);
        await w.Service.SuggestAsync(other.Id, ReadOutWorld.Removing());
        Assert.All((await w.Queries.MessagesAsync(other.Id, new MessageQuery(IncludeText: true))).Items, m => Assert.Equal(MessageLabel.Business, m.SuggestedLabel));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_department_that_switches_learning_off_gets_the_rules_suggestion_without_the_earlier_decisions(DatabaseProvider provider)
    {
        var (w, secondId) = await CorrectThenReadAgainAsync(provider, ReadOutWorld.Removing() with { LearnFromReviews = false });

        var next = Assert.Single((await w.Queries.MessagesAsync(secondId, new MessageQuery(IncludeText: true))).Items);
        Assert.Equal(MessageLabel.Business, next.SuggestedLabel);
        Assert.DoesNotContain(next.Reasons, r => r.Contains("eerder door de informatieprofessional", StringComparison.Ordinal));
    }

    /// <summary>First read-out: suggested business, corrected by the professional to private per conversation. Second read-out suggested with <paramref name="secondPolicy"/>.</summary>
    private static async Task<(ReadOutWorld World, long SecondId)> CorrectThenReadAgainAsync(DatabaseProvider provider, Domain.Policies.DepartmentPolicy secondPolicy)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var first = await w.CreateReadOutAsync(instance: "wf-learn-1");
        await w.Service.RegisterUploadsAsync(first.Id, [ReadOutWorld.Text("Kees", March)], w.Professional);
        await w.Service.IngestAsync(first.Id);
        await w.Service.SuggestAsync(first.Id, ReadOutWorld.Removing());
        var suggested = await w.Queries.MessagesAsync(first.Id, new MessageQuery(IncludeText: true));
        Assert.Equal(March.Length, suggested.Items.Count);
        Assert.All(suggested.Items, m => Assert.Equal(MessageLabel.Business, m.SuggestedLabel)); // nothing to go on yet
        await w.Service.DecideAsync(first.Id, new DecisionRequest(DecisionScope.Conversation,
            suggested.Items[0].ConversationId.ToString(CultureInfo.InvariantCulture), MessageLabel.Private, "vriend", w.Professional));

        var second = await w.CreateReadOutAsync(secondPolicy, instance: "wf-learn-2");
        await w.Service.RegisterUploadsAsync(second.Id, [ReadOutWorld.Text("Kees", April)], w.Professional);
        await w.Service.IngestAsync(second.Id);
        await w.Service.SuggestAsync(second.Id, secondPolicy);
        return (w, second.Id);
    }
}
