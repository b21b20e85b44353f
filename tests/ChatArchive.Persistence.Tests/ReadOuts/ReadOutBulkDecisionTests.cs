using System.Globalization;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>
/// Review decisions load only each message's newest history record (a performance change): a bulk decision repeated, a
/// single override inside a bulk, and a bulk after validation must still see exactly the current state of every message.
/// </summary>
public class ReadOutBulkDecisionTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_repeated_bulk_a_single_override_and_a_bulk_after_validation_each_see_the_current_state_and_keep_the_whole_history(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.SuggestedAsync();
        var (work, family) = await w.ConversationsAsync(ro.Id);
        string Id(long v) => v.ToString(CultureInfo.InvariantCulture);
        Task<DecisionResult> Bulk(long conversation, MessageLabel label) =>
            w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, Id(conversation), label, null, w.Professional));

        Assert.Equal(4, (await Bulk(family, MessageLabel.Business)).Decided);
        var second = await Bulk(family, MessageLabel.Private); // a bulk over a bulk: every message again
        Assert.Equal(4, second.Decided);
        Assert.Equal(4, second.ReadOut.Marked);
        Assert.Equal(5, (await Bulk(work, MessageLabel.Business)).Decided);

        var familyIds = (await w.Queries.MessagesAsync(ro.Id, new MessageQuery(ConversationId: family))).Items.Select(m => m.Id).ToList();
        var overridden = familyIds[1];
        var single = await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Message, Id(overridden), MessageLabel.Business, "Gaat over het werkbezoek", w.Professional));
        Assert.Equal(1, single.Decided);
        Assert.Equal(3, single.ReadOut.Marked);
        Assert.Equal(0, single.ReadOut.Undecided);
        Assert.Equal(["BulkPerConversation", "BulkPerConversation", "ChangeLabel"], await KindsAsync(w, overridden));
        Assert.Equal(["BulkPerConversation", "BulkPerConversation"], await KindsAsync(w, familyIds[0]));
        Assert.Equal(["Business", "Private", "Business"], await Sql.TextsAsync(w.Db, $"SELECT label FROM ro_decisions WHERE message_id = {overridden} ORDER BY id"));

        // Validation: one of the three marked messages disputed, two agreed.
        await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        var marked = await w.MarkedAsync(ro.Id);
        Assert.Equal(familyIds.Where(id => id != overridden).Order(), marked.Order());
        var disputed = marked[0];
        var verdicts = marked.Select(id => new MessageVerdict(id, id != disputed, id == disputed ? "Dit is zakelijk." : null)).ToList();
        Assert.Equal(ValidationOutcome.Disputed, (await w.Service.ValidateAsync(ro.Id, new ValidationRequest(verdicts, w.MinisterUser))).Outcome);
        Assert.Equal([disputed], await w.Service.ReturnDisputedAsync(ro.Id));

        // A bulk on the conversation now covers the returned message and the overridden one (reviewed, still open); the two
        // validated messages are not open and stay exactly as they are.
        var before = await Sql.DumpAsync(w.Db, $"SELECT message_id, status, label, decided_by, validation_agrees FROM ro_message_states WHERE message_id <> {disputed} ORDER BY message_id");
        var afterValidation = await Bulk(family, MessageLabel.Business);
        Assert.Equal(2, afterValidation.Decided);
        Assert.Equal(2, await w.CountAsync("SELECT COUNT(*) FROM ro_message_states WHERE status = 'Validated'"));
        Assert.Equal(before, await Sql.DumpAsync(w.Db, $"SELECT message_id, status, label, decided_by, validation_agrees FROM ro_message_states WHERE message_id <> {disputed} ORDER BY message_id"));
        Assert.Equal(["BulkPerConversation", "BulkPerConversation", "ValidationDisagreed", "BulkPerConversation"], await KindsAsync(w, disputed));
        Assert.Equal(["BulkPerConversation", "BulkPerConversation", "ChangeLabel", "BulkPerConversation"], await KindsAsync(w, overridden));
        Assert.Equal(["BulkPerConversation", "BulkPerConversation", "ValidationAgreed"], await KindsAsync(w, marked[1]));

        var offered = await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        Assert.Equal(ReadOutStage.Validated, offered.Stage);
        // The cleaning writes only the columns it changes (status, final state, final time): every decision and validation
        // column stays exactly as it was, and every message gets its final state.
        const string decisionColumns = "SELECT message_id, label, note, decided_by, decided_at, validation_agrees, validation_note, validated_by, validated_at FROM ro_message_states ORDER BY message_id";
        var decisionsBefore = await Sql.DumpAsync(w.Db, decisionColumns);
        var cleaned = await w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional);
        Assert.Equal((7L, 2L), (cleaned.Kept, cleaned.Removed));
        Assert.Equal(decisionsBefore, await Sql.DumpAsync(w.Db, decisionColumns));
        Assert.Equal(9, await w.CountAsync("SELECT COUNT(*) FROM ro_messages WHERE status = 'Final' AND final_at IS NOT NULL"));
        Assert.Equal(["Kept", "Removed"], await Sql.TextsAsync(w.Db, "SELECT DISTINCT final_state FROM ro_messages ORDER BY final_state"));
        Assert.Equal(2, await w.CountAsync($"SELECT COUNT(*) FROM ro_messages WHERE final_state = 'Removed' AND message_id IN ({marked[1]}, {marked[2]})"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_same_bulk_twice_at_the_same_moment_adds_history_and_leaves_the_state_as_it_was(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.SuggestedAsync();
        var (work, _) = await w.ConversationsAsync(ro.Id);
        var request = new DecisionRequest(DecisionScope.Conversation, work.ToString(CultureInfo.InvariantCulture), MessageLabel.Business, null, w.Professional);
        Assert.Equal(5, (await w.Service.DecideAsync(ro.Id, request)).Decided);
        const string state = "SELECT message_id, status, label, note, decided_by, decided_at FROM ro_message_states ORDER BY message_id";
        var first = await Sql.DumpAsync(w.Db, state);
        // Same label, same user, same clock: new history records, but no column differs, so the save writes no state.
        Assert.Equal(5, (await w.Service.DecideAsync(ro.Id, request)).Decided);
        Assert.Equal(first, await Sql.DumpAsync(w.Db, state));
        Assert.Equal(10, await w.CountAsync($"SELECT COUNT(*) FROM ro_decisions WHERE read_out_id = {ro.Id} AND kind = 'BulkPerConversation'"));
        Assert.Equal(5, await w.CountAsync($"SELECT COUNT(*) FROM ro_message_states WHERE conversation_id = {work} AND status = 'Reviewed' AND label = 'Business'"));
    }

    private static Task<List<string>> KindsAsync(ReadOutWorld w, long messageId) =>
        Sql.TextsAsync(w.Db, $"SELECT kind FROM ro_decisions WHERE message_id = {messageId} ORDER BY id");
}
