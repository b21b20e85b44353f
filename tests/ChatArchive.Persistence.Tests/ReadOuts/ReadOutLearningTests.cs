using System.Globalization;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>
/// Suggestions of a stored read-out use the full classification pipeline: the reviewer's decisions in this
/// officeholder's earlier read-outs inform the next one (same conversation), with a reason that says so; a
/// different officeholder's decisions do not.
/// </summary>
public class ReadOutLearningTests
{
    // Neutral short messages: the rules alone say business "bij twijfel" (no private or business word).
    private static readonly string[] March =
    [
        "01-03-2024 18:00 - Kees: Ben je er om zeven uur?",
        "01-03-2024 18:02 - Minister Bakker: Ja, tot zo",
        "01-03-2024 18:05 - Kees: Ik sta buiten",
        "01-03-2024 18:06 - Minister Bakker: Kom eraan",
    ];

    private static readonly string[] April = [.. March, "02-04-2024 18:00 - Kees: Zelfde tijd vanavond?"];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_reviewers_earlier_decisions_on_a_conversation_inform_the_next_read_out(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var first = await w.CreateReadOutAsync(instance: "wf-learn-1");
        await w.Service.RegisterUploadsAsync(first.Id, [ReadOutWorld.Text("Kees", March)], w.Professional);
        await w.Service.IngestAsync(first.Id);
        await w.Service.SuggestAsync(first.Id, ReadOutWorld.Removing());
        var before = await w.Queries.MessagesAsync(first.Id, new MessageQuery(IncludeText: true));
        Assert.All(before.Items, m => Assert.Equal(MessageLabel.Business, m.SuggestedLabel)); // nothing to go on yet
        var conversation = before.Items[0].ConversationId;
        await w.Service.DecideAsync(first.Id, new DecisionRequest(DecisionScope.Conversation, conversation.ToString(CultureInfo.InvariantCulture), MessageLabel.Private, "vriend", w.Professional));

        // The next read-out of the same officeholder: the one new message in that conversation is suggested private, citing the earlier decisions.
        var second = await w.CreateReadOutAsync(instance: "wf-learn-2");
        await w.Service.RegisterUploadsAsync(second.Id, [ReadOutWorld.Text("Kees", April)], w.Professional);
        await w.Service.IngestAsync(second.Id);
        await w.Service.SuggestAsync(second.Id, ReadOutWorld.Removing());
        var next = Assert.Single((await w.Queries.MessagesAsync(second.Id, new MessageQuery(IncludeText: true))).Items);
        Assert.Equal(MessageLabel.Private, next.SuggestedLabel);
        Assert.Contains(next.Reasons, r => r.Contains("eerder door de informatieprofessional", StringComparison.Ordinal));

        // Another officeholder's read-out with a chat of the same contact learns nothing from the first officeholder's reviewer.
        var other = await w.CreateReadOutAsync(instance: "wf-learn-3", officeholder: w.OtherMinister);
        await w.Service.RegisterUploadsAsync(other.Id, [ReadOutWorld.Text("Kees", April.Select(l => l.Replace(ReadOutWorld.MinisterName, ReadOutWorld.OtherMinisterName, StringComparison.Ordinal)))], w.Professional);
        await w.Service.IngestAsync(other.Id);
        await w.Service.SuggestAsync(other.Id, ReadOutWorld.Removing());
        Assert.All((await w.Queries.MessagesAsync(other.Id, new MessageQuery(IncludeText: true))).Items, m => Assert.Equal(MessageLabel.Business, m.SuggestedLabel));
    }
}
