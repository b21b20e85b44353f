using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>
/// A decision that reaches a whole conversation is stored as one record with its scope (and the messages it did not reach),
/// not one record per message. Every reader must see the same facts as with one record per message: the same read-out is
/// run twice, once stored each way, and the expanded history, the messages' state, the counts, the deletion records and
/// the sealed package's account of the removals must be equal.
/// </summary>
public class ReadOutScopedDecisionTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bulk_then_override_bulk_after_a_dispute_cleaning_and_seal_give_the_same_facts_as_one_record_per_message(DatabaseProvider provider)
    {
        var scoped = await RunAsync(provider, scopedFrom: 2);
        var perMessage = await RunAsync(provider, scopedFrom: int.MaxValue);

        // The storage differs: scoped records (some with exceptions) and far fewer rows.
        Assert.Equal(0, perMessage.ScopedRecords);
        Assert.True(scoped.ScopedRecords >= 4, $"{scoped.ScopedRecords} scoped record(s)");
        Assert.True(scoped.Exceptions >= 1, "the agreed validation of three of the four family messages names the fourth as not reached");
        Assert.True(scoped.StoredRows < perMessage.StoredRows, $"{scoped.StoredRows} against {perMessage.StoredRows} stored rows");

        // The facts do not.
        Assert.Equal(perMessage.History, scoped.History);
        Assert.Equal(perMessage.Messages, scoped.Messages);
        Assert.Equal(perMessage.Counts, scoped.Counts);
        Assert.Equal(perMessage.DeletionRecords, scoped.DeletionRecords);
        Assert.Equal(perMessage.SealedRemovals, scoped.SealedRemovals);
        Assert.NotEmpty(scoped.SealedRemovals);
    }

    private sealed record Run(string History, string Messages, string Counts, string DeletionRecords, string SealedRemovals, long ScopedRecords, long Exceptions, long StoredRows);

    private static async Task<Run> RunAsync(DatabaseProvider provider, int scopedFrom)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        w.Service.ScopedDecisionsFrom = scopedFrom;
        var ro = await w.SuggestedAsync();
        var (work, family) = await w.ConversationsAsync(ro.Id);
        var counts = new StringBuilder();
        async Task<ReadOutState> Note(ReadOutState state)
        {
            // The counts kept in ro_read_outs equal an aggregate over the messages at every step.
            var aggregate = await Sql.DumpAsync(w.Db,
                "SELECT COUNT(*), " +
                "COALESCE(SUM(CASE WHEN status IN ('AwaitingReview', 'ReturnedToProfessional') THEN 1 ELSE 0 END), 0), " +
                "COALESCE(SUM(CASE WHEN label IS NOT NULL AND label <> 'Business' THEN 1 ELSE 0 END), 0), " +
                "COALESCE(SUM(CASE WHEN status = 'Reviewed' AND label <> 'Business' THEN 1 ELSE 0 END), 0), " +
                $"COALESCE(SUM(CASE WHEN status = 'ReturnedToProfessional' THEN 1 ELSE 0 END), 0) FROM ro_message_states WHERE read_out_id = {state.Id}");
            var kept = await Sql.DumpAsync(w.Db, $"SELECT messages_count, undecided_count, marked_count, awaiting_count, disputed_count FROM ro_read_outs WHERE id = {state.Id}");
            Assert.Equal(aggregate, kept);
            counts.Append($"{state.Stage} {state.Messages} {state.Undecided} {state.Marked} {state.AwaitingValidation} {state.Disputed}\n");
            return state;
        }
        string Id(long v) => v.ToString(CultureInfo.InvariantCulture);
        async Task<ReadOutState> Decide(DecisionScope scope, string target, MessageLabel? label, string? note = null) =>
            await Note((await w.Service.DecideAsync(ro.Id, new DecisionRequest(scope, target, label, note, w.Professional))).ReadOut);

        await Note(ro);
        await Decide(DecisionScope.Conversation, Id(work), MessageLabel.Business);
        await Decide(DecisionScope.Conversation, Id(family), MessageLabel.Private, "familie");
        var familyIds = (await w.Queries.MessagesAsync(ro.Id, new MessageQuery(ConversationId: family))).Items.Select(m => m.Id).Order().ToList();
        // A single override inside the bulk, then a bulk per contact over it (the contact is the one-to-one chat's title).
        await Decide(DecisionScope.Message, Id(familyIds[1]), MessageLabel.Business, "Gaat over het werkbezoek");
        w.Clock.Now = w.Clock.Now.AddMinutes(5);
        var contact = (await w.Queries.MessagesAsync(ro.Id, new MessageQuery(ConversationId: family))).Items.First().Contact;
        await Decide(DecisionScope.Contact, contact, MessageLabel.Private, "familie, opnieuw");

        // Validation: three of the four marked family messages agreed, one disputed.
        w.Clock.Now = w.Clock.Now.AddMinutes(5);
        await Note(await w.Service.OfferForValidationAsync(ro.Id, w.Professional));
        var marked = (await w.MarkedAsync(ro.Id)).Order().ToList();
        Assert.Equal(familyIds, marked);
        var disputed = marked[2];
        await Note((await w.Service.ValidateAsync(ro.Id, new ValidationRequest(
            marked.Select(id => new MessageVerdict(id, id != disputed, id == disputed ? "Dit is zakelijk." : null)).ToList(), w.MinisterUser))).ReadOut);
        Assert.Equal([disputed], await w.Service.ReturnDisputedAsync(ro.Id));

        // A bulk after the dispute reaches only the returned message; then it is validated after all.
        w.Clock.Now = w.Clock.Now.AddMinutes(5);
        Assert.Equal(1, (await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, Id(family), MessageLabel.Business, "toch zakelijk", w.Professional))).Decided);
        await Decide(DecisionScope.Message, Id(disputed), MessageLabel.Private, "na overleg privé");
        await Note(await w.Service.OfferForValidationAsync(ro.Id, w.Professional));
        await Note((await w.Service.ValidateAsync(ro.Id, new ValidationRequest([new MessageVerdict(disputed, true, null)], w.MinisterUser))).ReadOut);

        w.Clock.Now = w.Clock.Now.AddMinutes(5);
        await Note((await w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional)).ReadOut);
        var sealedResult = await w.Service.SealAsync(ro.Id, w.Professional);
        Assert.Equal(ReadOutStage.Sealed, sealedResult.ReadOut.Stage);
        await Note(sealedResult.ReadOut);

        var removals = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(w.Sealing.StoreFolder, "verwijderverantwoording.json", SearchOption.AllDirectories).Order())
        {
            using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
            removals.Append(doc.RootElement.GetProperty("removed").GetRawText()).Append('\n');
        }
        return new Run(
            await Sql.DumpAsync(w.Db, $"SELECT message_id, kind, by_user, by_role, at, label, note FROM ro_decisions WHERE read_out_id = {ro.Id} ORDER BY message_id, id"),
            await Sql.DumpAsync(w.Db, $"SELECT message_id, read_out_id, conversation_id, contact, suggested_label, confidence, reasons, categories, special_category, excluded, status, label, note, decided_by, decided_at, validation_agrees, validation_note, validated_by, validated_at, final_state, final_at, sent_at FROM ro_message_states WHERE read_out_id = {ro.Id} ORDER BY message_id"),
            counts.ToString(),
            await Sql.DumpAsync(w.Db, "SELECT message_id, read_out_id, fingerprint, label, message_sent, reviewed_by, reviewed_at, validated_by, validated_at, removed_by, removed_at FROM ro_deletion_records ORDER BY message_id"),
            removals.ToString(),
            await w.CountAsync($"SELECT COUNT(*) FROM ro_decision_records WHERE read_out_id = {ro.Id} AND conversation_id IS NOT NULL"),
            await w.CountAsync("SELECT COUNT(*) FROM ro_decision_exceptions"),
            await w.CountAsync($"SELECT COUNT(*) FROM ro_decision_records WHERE read_out_id = {ro.Id}") + await w.CountAsync("SELECT COUNT(*) FROM ro_decision_exceptions"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_upgrade_to_0513_keeps_every_stored_decision_and_counts_each_read_out(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateEmptyAsync(provider, "upgrade513");
        var before = await new DatabaseMigrator(db).MigrateAsync(upTo: 512);
        Assert.DoesNotContain(before, s => s.Id >= 513);
        DateTimeOffset Minute(int minute) => new(2024, 3, 1, 9, minute, 0, TimeSpan.Zero);
        var old = await OldReadOut.CreateAsync(db, Minute(0));
        var (ro, conversation) = (old.ReadOut, old.Conversation);
        object At(int minute) => old.At(Minute(minute));
        var messages = new List<long>();
        string[] states = ["Reviewed", "Reviewed", "AwaitingReview"];
        for (var i = 0; i < 3; i++) messages.Add(await old.MessageAsync((byte)i, Minute(i), states[i], i < 2 ? Minute(10) : null));
        foreach (var (m, kind, label) in new[] { (messages[0], "BulkPerConversation", "Private"), (messages[1], "BulkPerConversation", "Private"), (messages[0], "ChangeLabel", "Private") })
        {
            await Sql.ScalarAsync(db, "INSERT INTO ro_decisions (read_out_id, message_id, kind, by_user, by_role, at, label, note) VALUES (@r, @m, @k, '7', 'information-professional', @at, @l, NULL) RETURNING id",
                ("r", ro), ("m", m), ("k", kind), ("at", At(10)), ("l", label));
        }
        const string history = "SELECT id, read_out_id, message_id, kind, by_user, by_role, at, label, note FROM ro_decisions ORDER BY id, message_id";
        var stored = await Sql.DumpAsync(db, history);
        var highest = await Sql.ScalarAsync(db, "SELECT MAX(id) FROM ro_decisions");

        var applied = await new DatabaseMigrator(db).MigrateAsync();
        Assert.Contains(applied, s => s.Id == 513);
        // Every per-message record is still there, read through the view exactly as before.
        Assert.Equal(stored, await Sql.DumpAsync(db, history));
        // The counts of the read-out, from its messages: 3 messages, 1 undecided, 2 marked, 2 awaiting validation, 0 disputed.
        Assert.Equal(await Sql.DumpAsync(db, "SELECT 3, 1, 2, 2, 0"),
            await Sql.DumpAsync(db, $"SELECT messages_count, undecided_count, marked_count, awaiting_count, disputed_count FROM ro_read_outs WHERE id = {ro}"));
        // A new scoped record continues the ids and reaches every message of its conversation but its exception.
        var scoped = await Sql.ScalarAsync(db,
            "INSERT INTO ro_decision_records (read_out_id, conversation_id, kind, by_user, by_role, at, label, note) VALUES (@r, @c, 'BulkPerConversation', '7', 'information-professional', @at, 'Business', NULL) RETURNING id",
            ("r", ro), ("c", conversation), ("at", At(20)));
        Assert.True(scoped > highest, $"{scoped} after {highest}");
        await Sql.ScalarAsync(db, "INSERT INTO ro_decision_exceptions (decision_id, message_id) VALUES (@d, @m) RETURNING decision_id", ("d", scoped), ("m", messages[2]));
        Assert.Equal(2, await Sql.ScalarAsync(db, $"SELECT COUNT(*) FROM ro_decisions WHERE id = {scoped}"));
        Assert.Equal(0, await Sql.ScalarAsync(db, $"SELECT COUNT(*) FROM ro_decisions WHERE id = {scoped} AND message_id = {messages[2]}"));
    }
}
