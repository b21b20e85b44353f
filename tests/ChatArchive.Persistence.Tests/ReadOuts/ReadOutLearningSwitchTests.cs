using System.Globalization;
using ChatArchive.Classification;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>
/// Issue 12, item 2, acceptance: two read-outs of one officeholder; the information professional corrects a
/// conversation in the first; the second suggests the corrected label for that conversation's new message,
/// with a Dutch reason that says so — unless the department switched learning off. Made-up messages.
/// </summary>
public class ReadOutLearningSwitchTests
{
    // Short messages without private, party or business words: the rules say business "bij twijfel".
    private static readonly string[] May =
    [
        "03-05-2024 19:00 - Joost: Sta je al op het perron?",
        "03-05-2024 19:01 - Minister Bakker: Bijna, spoor 5",
        "03-05-2024 19:03 - Joost: Ik zie je",
        "03-05-2024 19:04 - Minister Bakker: Zwaai maar",
    ];

    private static readonly string[] June = [.. May, "07-06-2024 19:00 - Joost: Zelfde plek als vorige keer?"];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_conversation_corrected_in_the_first_read_out_is_suggested_with_the_corrected_label_in_the_second(DatabaseProvider provider)
    {
        var (w, secondId) = await CorrectThenReadAgainAsync(provider, ReadOutWorld.Removing());

        var next = Assert.Single((await w.Queries.MessagesAsync(secondId, new MessageQuery(IncludeText: true))).Items);
        Assert.Equal(MessageLabel.Private, next.SuggestedLabel);
        Assert.Equal(
            ClassificationRun.Reasons.Earlier(MessageLabel.Private, May.Length, May.Length, ClassificationRun.Reasons.InConversation),
            next.Reasons[0]);
        Assert.Equal("eerder door de informatieprofessional als privé beoordeeld, 4 van 4 berichten in dit gesprek", next.Reasons[0]);
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
        var first = await w.CreateReadOutAsync(instance: "wf-switch-1");
        await w.Service.RegisterUploadsAsync(first.Id, [ReadOutWorld.Text("Joost", May)], w.Professional);
        await w.Service.IngestAsync(first.Id);
        await w.Service.SuggestAsync(first.Id, ReadOutWorld.Removing());
        var suggested = await w.Queries.MessagesAsync(first.Id, new MessageQuery(IncludeText: true));
        Assert.Equal(May.Length, suggested.Items.Count);
        Assert.All(suggested.Items, m => Assert.Equal(MessageLabel.Business, m.SuggestedLabel)); // the suggestion the professional corrects
        await w.Service.DecideAsync(first.Id, new DecisionRequest(DecisionScope.Conversation,
            suggested.Items[0].ConversationId.ToString(CultureInfo.InvariantCulture), MessageLabel.Private, "vriend van de familie", w.Professional));

        var second = await w.CreateReadOutAsync(secondPolicy, instance: "wf-switch-2");
        await w.Service.RegisterUploadsAsync(second.Id, [ReadOutWorld.Text("Joost", June)], w.Professional);
        await w.Service.IngestAsync(second.Id);
        await w.Service.SuggestAsync(second.Id, secondPolicy);
        return (w, second.Id);
    }
}
