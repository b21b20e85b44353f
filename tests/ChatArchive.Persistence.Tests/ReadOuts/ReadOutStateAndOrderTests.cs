using System.Globalization;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>
/// A bulk decision on a whole conversation is one scoped record that decides the messages' state without writing their
/// rows (migration 0515); every reader (the review list and its filters, the conversation counts, the read-out's counts,
/// validation) sees the decision. The review list follows chat order (sending time, then id).
/// </summary>
public class ReadOutStateAndOrderTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_bulk_on_a_whole_conversation_writes_no_message_row_and_every_reader_sees_it(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.SuggestedAsync();
        var (work, family) = await w.ConversationsAsync(ro.Id);
        string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

        Assert.Equal(5, (await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, Id(work), MessageLabel.Business, null, w.Professional))).Decided);
        // The rows are as the suggestion left them; one scope row names the record.
        Assert.Equal(5, await w.CountAsync($"SELECT COUNT(*) FROM ro_messages WHERE conversation_id = {work} AND status = 'AwaitingReview' AND label IS NULL AND decided_by IS NULL"));
        Assert.Equal(1, await w.CountAsync($"SELECT COUNT(*) FROM ro_conversation_states WHERE read_out_id = {ro.Id} AND conversation_id = {work}"));
        // What the readers see: reviewed as business by the professional.
        var page = await w.Queries.MessagesAsync(ro.Id, new MessageQuery(ConversationId: work));
        Assert.Equal(5, page.Items.Count);
        Assert.All(page.Items, m => Assert.Equal(("Reviewed", MessageLabel.Business, w.Professional.UserId), (m.Status, m.Label, m.DecidedBy)));
        var undecided = await w.Queries.MessagesAsync(ro.Id, new MessageQuery(Undecided: true));
        Assert.Equal(4, undecided.Total);
        Assert.All(undecided.Items, m => Assert.Equal(family, m.ConversationId));
        Assert.Equal(5, (await w.Queries.MessagesAsync(ro.Id, new MessageQuery(Undecided: false))).Total);
        Assert.Equal(5, (await w.Queries.MessagesAsync(ro.Id, new MessageQuery(Statuses: ["Reviewed"]))).Total);
        var summary = (await w.Queries.ConversationsAsync(ro.Id)).Single(c => c.Id == work);
        Assert.Equal((5L, 0L, 0L), (summary.Messages, summary.Undecided, summary.Marked));
        var state = await w.Service.GetAsync(ro.Id);
        Assert.Equal((4L, 0L), (state!.Undecided, state.AwaitingValidation));

        // A single override is written to its own row; the other four still take the scope's state.
        var one = page.Items[2].Id;
        await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Message, Id(one), MessageLabel.Private, "verjaardag", w.Professional));
        Assert.Equal(1, await w.CountAsync($"SELECT COUNT(*) FROM ro_messages WHERE message_id = {one} AND status = 'Reviewed' AND label = 'Private' AND note = 'verjaardag'"));
        Assert.Equal(4, await w.CountAsync($"SELECT COUNT(*) FROM ro_messages WHERE conversation_id = {work} AND label IS NULL"));
        var after = await w.Queries.MessagesAsync(ro.Id, new MessageQuery(ConversationId: work));
        Assert.Equal([MessageLabel.Business, MessageLabel.Business, MessageLabel.Private, MessageLabel.Business, MessageLabel.Business], after.Items.Select(m => m.Label!.Value));
        Assert.Equal([one], (await w.Queries.MessagesAsync(ro.Id, new MessageQuery(AwaitingValidation: true))).Items.Select(m => m.Id));

        // A second bulk over the family chat, the offer, a dispute and its return: the disputed message is undecided again.
        await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, Id(family), MessageLabel.Private, "familie", w.Professional));
        Assert.Equal(4, await w.CountAsync($"SELECT COUNT(*) FROM ro_messages WHERE conversation_id = {family} AND label IS NULL"));
        Assert.Equal(0, (await w.Service.GetAsync(ro.Id))!.Undecided);
        var marked = await w.MarkedAsync(ro.Id);
        Assert.Equal(5, marked.Count);
        await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        var disputed = marked[^1];
        var result = await w.Service.ValidateAsync(ro.Id, new ValidationRequest(
            marked.Select(m => new MessageVerdict(m, m != disputed, m == disputed ? "zakelijk" : null)).ToList(), w.MinisterUser));
        Assert.Equal([disputed], result.DisputedMessageIds);
        Assert.Equal([disputed], await w.Service.ReturnDisputedAsync(ro.Id));
        Assert.Equal([disputed], (await w.Queries.MessagesAsync(ro.Id, new MessageQuery(Undecided: true))).Items.Select(m => m.Id));
        // An agreed validation keeps the scope (0516): the rows get status and validation columns only, the label stays the scope's.
        Assert.Equal(3, await w.CountAsync($"SELECT COUNT(*) FROM ro_messages WHERE conversation_id = {family} AND status = 'Validated' AND label IS NULL AND validated_by IS NOT NULL"));
        Assert.Equal(3, await w.CountAsync($"SELECT COUNT(*) FROM ro_message_states WHERE conversation_id = {family} AND status = 'Validated' AND label = 'Private' AND note = 'familie' AND validation_agrees = {(provider == DatabaseProvider.PostgreSql ? "true" : "1")}"));
        var validatedPage = await w.Queries.MessagesAsync(ro.Id, new MessageQuery(ConversationId: family));
        Assert.Equal(3, validatedPage.Items.Count(m => m.Status == "Validated" && m.Label == MessageLabel.Private));
        Assert.Equal(0, (await w.Queries.MessagesAsync(ro.Id, new MessageQuery(AwaitingValidation: true))).Total);

        // A new bulk over the family chat reaches only the disputed message (the validated ones are never reviewed again);
        // one message is no scope, so the validated rows keep the old scope's review state.
        Assert.Equal(1, (await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, Id(family), MessageLabel.Private, "toch privé", w.Professional))).Decided);
        Assert.Equal(3, await w.CountAsync($"SELECT COUNT(*) FROM ro_message_states WHERE conversation_id = {family} AND status = 'Validated' AND label = 'Private' AND note = 'familie'"));
        Assert.Equal(1, await w.CountAsync($"SELECT COUNT(*) FROM ro_message_states WHERE message_id = {disputed} AND status = 'Reviewed' AND label = 'Private' AND note = 'toch privé'"));
        await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        Assert.Equal(ValidationOutcome.Agreed, (await w.Service.ValidateAsync(ro.Id, new ValidationRequest([new MessageVerdict(disputed, true, null)], w.MinisterUser))).Outcome);
        var states = "SELECT message_id, status, label, note, decided_by, validation_agrees, validated_by FROM {0} WHERE read_out_id = " + Id(ro.Id) + " ORDER BY message_id";
        var resolved = await Sql.DumpAsync(w.Db, string.Format(CultureInfo.InvariantCulture, states, "ro_message_states"));

        // The cleaning writes every row once, set-based: final state from the resolved label, the review state written out.
        var cleaned = await w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional);
        Assert.Equal((4L, 5L, 0L), (cleaned.Kept, cleaned.Removed, cleaned.Marked));
        Assert.Equal(resolved.Replace("Validated", "Final", StringComparison.Ordinal).Replace("Reviewed", "Final", StringComparison.Ordinal),
            await Sql.DumpAsync(w.Db, string.Format(CultureInfo.InvariantCulture, states, "ro_messages")));
        Assert.Equal(0, await w.CountAsync($"SELECT COUNT(*) FROM ro_messages m JOIN ro_message_states v ON v.message_id = m.message_id WHERE m.read_out_id = {ro.Id} AND m.state_id <> v.state_id"));
        Assert.Equal(5, await w.CountAsync($"SELECT COUNT(*) FROM ro_messages WHERE read_out_id = {ro.Id} AND final_state = 'Removed' AND label = 'Private' AND final_at IS NOT NULL"));
        Assert.Equal(4, await w.CountAsync($"SELECT COUNT(*) FROM ro_messages WHERE read_out_id = {ro.Id} AND final_state = 'Kept' AND label = 'Business' AND conversation_id = {work}"));
        Assert.Equal(5, await w.CountAsync($"SELECT COUNT(*) FROM ro_deletion_records WHERE read_out_id = {ro.Id} AND label = 'Private'"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_message_validated_under_a_scope_keeps_its_decision_when_a_new_scope_reaches_the_rest_of_its_conversation(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.SuggestedAsync();
        var (work, family) = await w.ConversationsAsync(ro.Id);
        string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
        await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, Id(work), MessageLabel.Business, null, w.Professional));
        await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, Id(family), MessageLabel.Private, "familie", w.Professional));
        var family4 = await w.MarkedAsync(ro.Id);
        Assert.Equal(4, family4.Count);
        // Two family messages are business after all (their own rows); the other two go to the officeholder.
        foreach (var m in family4.Skip(2)) await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Message, Id(m), MessageLabel.Business, null, w.Professional));
        await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        var marked = await w.MarkedAsync(ro.Id);
        Assert.Equal(family4.Take(2), marked);
        var agreed = marked[0];
        await w.Service.ValidateAsync(ro.Id, new ValidationRequest([new MessageVerdict(agreed, true, null), new MessageVerdict(marked[1], false, "zakelijk")], w.MinisterUser));
        Assert.Equal([marked[1]], await w.Service.ReturnDisputedAsync(ro.Id));
        // The validated message's row holds no label yet: the family scope still decides it.
        Assert.Equal(1, await w.CountAsync($"SELECT COUNT(*) FROM ro_messages WHERE message_id = {agreed} AND status = 'Validated' AND label IS NULL"));

        // A new scope over the family chat reaches the other three and becomes the chat's scope; the validated message, which
        // it does not reach, is written out with the old scope's decision (so the new scope does not decide it).
        Assert.Equal(3, (await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, Id(family), MessageLabel.Business, "toch zakelijk", w.Professional))).Decided);
        const string row = "SELECT status, label, note, decided_by, validation_agrees FROM {0} WHERE message_id = {1}";
        var resolved = await Sql.DumpAsync(w.Db, string.Format(CultureInfo.InvariantCulture, row, "ro_message_states", agreed));
        Assert.StartsWith("Validated|Private|familie|" + w.Professional.UserId + "|", resolved, StringComparison.Ordinal);
        Assert.Equal(resolved, await Sql.DumpAsync(w.Db, string.Format(CultureInfo.InvariantCulture, row, "ro_messages", agreed)));
        Assert.Equal(3, await w.CountAsync($"SELECT COUNT(*) FROM ro_message_states WHERE conversation_id = {family} AND status = 'Reviewed' AND label = 'Business' AND note = 'toch zakelijk'"));
        var state = (await w.Service.GetAsync(ro.Id))!;
        Assert.Equal((0L, 0L, 0L), (state.Undecided, state.AwaitingValidation, state.Disputed));

        // Nothing awaits validation any more: offered means validated; the cleaning removes exactly the validated private message.
        Assert.Equal(ReadOutStage.Validated, (await w.Service.OfferForValidationAsync(ro.Id, w.Professional)).Stage);
        var cleaned = await w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional);
        Assert.Equal((8L, 1L), (cleaned.Kept, cleaned.Removed));
        Assert.Equal(1, await w.CountAsync($"SELECT COUNT(*) FROM ro_deletion_records WHERE message_id = {agreed} AND label = 'Private' AND validated_by = @v", ("v", w.MinisterUser.UserId)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_review_list_follows_chat_order_not_the_ids(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.CreateReadOutAsync();
        // Two chats whose days interleave; the first file's messages are stored (and numbered) before the second's.
        string[] first = ["01-02-2024 09:00 - Sanne de Vries: Eerste bericht over de begroting.", "03-02-2024 09:00 - Sanne de Vries: Derde bericht over de begroting.",
            "05-02-2024 09:00 - Minister Bakker: Vijfde bericht, akkoord."];
        string[] second = ["02-02-2024 09:00 - Piet Smit: Tweede bericht over de Kamerbrief.", "04-02-2024 09:00 - Minister Bakker: Vierde bericht, graag vrijdag.",
            "06-02-2024 09:00 - Piet Smit: Zesde bericht, staat klaar."];
        await w.Service.RegisterUploadsAsync(ro.Id, [ReadOutWorld.Text("Sanne de Vries", first), ReadOutWorld.Text("Piet Smit", second)], w.Professional);
        await w.Service.IngestAsync(ro.Id);
        await w.Service.SuggestAsync(ro.Id, ReadOutWorld.Removing());

        var listed = new List<MessageView>();
        for (var p = 1; p <= 3; p++) listed.AddRange((await w.Queries.MessagesAsync(ro.Id, new MessageQuery(Page: p, PageSize: 2))).Items);
        Assert.Equal(6, listed.Count);
        Assert.Equal(["Eerste", "Tweede", "Derde", "Vierde", "Vijfde", "Zesde"], listed.Select(m => m.Text!.Split(' ')[0]));
        // The ids do not follow that order here (else this test would not show the order is by time).
        Assert.NotEqual(listed.Select(m => m.Id).Order(), listed.Select(m => m.Id));
        // Filtered lists keep it too, and equal sending times fall back to the id.
        var undecided = (await w.Queries.MessagesAsync(ro.Id, new MessageQuery(Undecided: true))).Items;
        Assert.Equal(listed.Select(m => m.Id), undecided.Select(m => m.Id));
        Assert.Equal(listed.Select(m => m.SentAt).Order(), listed.Select(m => m.SentAt));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_upgrade_to_0515_copies_each_sending_time_and_keeps_every_state(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateEmptyAsync(provider, "upgrade515");
        await new DatabaseMigrator(db).MigrateAsync(upTo: 514);
        DateTimeOffset Day(int day) => new(2024, 3, day, 9, 0, 0, TimeSpan.Zero);
        var old = await OldReadOut.CreateAsync(db, Day(1));
        // Stored later than it was sent: the second message was sent first.
        await old.MessageAsync(0, Day(5), "Reviewed", Day(6));
        await old.MessageAsync(1, Day(2), "AwaitingReview", null);
        const string state = "SELECT message_id, status, label, note, decided_by, decided_at, validation_agrees, final_state FROM {0} ORDER BY message_id";
        var before = await Sql.DumpAsync(db, string.Format(CultureInfo.InvariantCulture, state, "ro_messages"));

        var applied = await new DatabaseMigrator(db).MigrateAsync();
        Assert.Contains(applied, s => s.Id == 515);
        Assert.Equal(before, await Sql.DumpAsync(db, string.Format(CultureInfo.InvariantCulture, state, "ro_message_states")));
        Assert.Equal(0, await Sql.ScalarAsync(db, "SELECT COUNT(*) FROM ro_messages r JOIN ingest_messages i ON i.id = r.message_id WHERE r.sent_at IS NULL OR r.sent_at <> i.sent_at OR r.state_id <> 0"));
        Assert.Equal(2, await Sql.ScalarAsync(db, "SELECT COUNT(*) FROM ro_messages WHERE sent_at IS NOT NULL"));
        Assert.Equal(0, await Sql.ScalarAsync(db, "SELECT COUNT(*) FROM ro_conversation_states"));
    }
}
