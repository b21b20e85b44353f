using System.Globalization;
using System.Text;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Ingestion;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Sealing.Storage;
using ChatArchive.Sealing.Verification;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>The read-out life cycle through the service alone (Handreiking §2.2.2 stap 1–8), on PostgreSQL and SQLite.</summary>
public class ReadOutLifeCycleTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Read_out_goes_from_planned_to_a_sealed_package_that_verifies_and_holds_no_removed_message(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.CreateReadOutAsync();
        Assert.Equal(ReadOutStage.Planned, ro.Stage);
        Assert.Equal(ro.Id, (await w.CreateReadOutAsync()).Id); // the same workflow step twice: one read-out

        await w.Service.PlanAsync(ro.Id, new DateTimeOffset(2024, 3, 4, 10, 0, 0, TimeSpan.Zero), w.Professional);
        var upload = await w.Service.RegisterUploadsAsync(ro.Id, w.BothChats(), w.Professional);
        Assert.Equal(ReadOutStage.Uploaded, upload.ReadOut.Stage);
        Assert.All(upload.Uploads, u => Assert.Equal("whatsapp-android", u.Format));

        var ingest = await w.Service.IngestAsync(ro.Id);
        Assert.Equal(ReadOutStage.Ingested, ingest.ReadOut.Stage);
        Assert.Equal(9, ingest.New);
        var again = await w.Service.IngestAsync(ro.Id);
        Assert.True(again.AlreadyIngested);
        Assert.Equal(2, await w.CountAsync("SELECT COUNT(*) FROM ingest_read_outs"));
        Assert.Equal(9, await w.CountAsync("SELECT COUNT(*) FROM ingest_messages"));

        var suggested = await w.Service.SuggestAsync(ro.Id, ReadOutWorld.Removing());
        Assert.Equal(ReadOutStage.Suggested, suggested.ReadOut.Stage);
        Assert.Equal(9, suggested.Suggested);
        Assert.Equal(9, suggested.ReadOut.Undecided);

        await w.ReviewAsync(ro.Id);
        var offered = await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        Assert.Equal(ReadOutStage.Offered, offered.Stage);
        var marked = await w.MarkedAsync(ro.Id);
        Assert.Equal(4, marked.Count);

        var validated = await w.Service.ValidateAsync(ro.Id, new ValidationRequest(marked.Select(id => new MessageVerdict(id, true, null)).ToList(), w.MinisterUser));
        Assert.Equal(ValidationOutcome.Agreed, validated.Outcome);
        Assert.Equal(ReadOutStage.Validated, validated.ReadOut.Stage);

        var cleaned = await w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional);
        Assert.Equal((5L, 4L, 0L), (cleaned.Kept, cleaned.Removed, cleaned.Marked));
        // Removed private text is gone from the database; the deletion records hold ids, labels and people, no content.
        Assert.Equal(0, await w.CountAsync("SELECT COUNT(*) FROM ingest_messages WHERE text LIKE '%verjaardag%' OR text LIKE '%oma%' OR sender = 'Tante Ria'"));
        Assert.Equal(0, await w.CountAsync("SELECT COUNT(*) FROM ingest_attachments"));
        Assert.Equal(4, await w.CountAsync("SELECT COUNT(*) FROM ro_deletion_records"));
        var records = await Sql.DumpAsync(w.Db, "SELECT * FROM ro_deletion_records");
        Assert.DoesNotContain("Ria", records);
        Assert.DoesNotContain("verjaardag", records);
        Assert.Contains("Private", records);
        // …and from the vault copy of the raw export (kept, per the policy, only purged).
        var vaultText = await DecryptedVaultTextAsync(w);
        Assert.DoesNotContain("verjaardag", vaultText);
        Assert.DoesNotContain("Neem de taart mee", vaultText);
        Assert.DoesNotContain("JPEG-FOTO-VAN-DE-VERJAARDAG", vaultText);
        Assert.Contains("stikstofruimte", vaultText);

        var sealedResult = await w.Service.SealAsync(ro.Id, w.Professional);
        Assert.Equal(ReadOutStage.Sealed, sealedResult.ReadOut.Stage);
        Assert.Equal(w.Professional.UserId, sealedResult.ReadOut.SealedBy);
        Assert.Equal(2, sealedResult.Packages.Count);
        var store = new FileSystemArchiveStore(w.Sealing.StoreFolder);
        using (var key = w.Sealing.LoadArchiveKey())
        {
            var report = await new PackageVerifier(store, key).VerifyAllAsync();
            Assert.True(report.Valid, string.Join("; ", report.Problems.Select(p => p.Detail)));
            Assert.Equal(2, report.Packages);
        }
        var packageText = AllText(w.Sealing.StoreFolder);
        Assert.Contains("stikstofruimte", packageText);
        Assert.DoesNotContain("verjaardag", packageText);
        Assert.DoesNotContain("taart", packageText);

        // Never sealed twice.
        var twice = await w.Service.SealAsync(ro.Id, w.Professional);
        Assert.True(twice.AlreadySealed);
        Assert.Equal(sealedResult.Packages, twice.Packages);
        using (var key = w.Sealing.LoadArchiveKey())
        {
            Assert.Equal(2, (await new PackageVerifier(store, key).VerifyAllAsync()).Packages);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Disagreement_returns_exactly_the_disputed_messages_to_review_and_the_loop_ends_in_agreement(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.SuggestedAsync();
        await w.ReviewAsync(ro.Id);
        await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        var marked = await w.MarkedAsync(ro.Id);
        var disputed = marked[0];

        var verdicts = marked.Select(id => new MessageVerdict(id, id != disputed, id == disputed ? "Dit gaat over het werkbezoek, dus zakelijk." : null)).ToList();
        var result = await w.Service.ValidateAsync(ro.Id, new ValidationRequest(verdicts, w.MinisterUser));
        Assert.Equal(ValidationOutcome.Disputed, result.Outcome);
        Assert.Equal([disputed], result.DisputedMessageIds);
        Assert.Equal(ReadOutStage.Offered, result.ReadOut.Stage);

        Assert.Equal([disputed], await w.Service.ReturnDisputedAsync(ro.Id));
        var state = (await w.Service.GetAsync(ro.Id))!;
        Assert.Equal(ReadOutStage.InReview, state.Stage);
        Assert.Equal(1, state.Undecided);
        var page = await w.Queries.MessagesAsync(ro.Id, new MessageQuery(Undecided: true));
        Assert.Equal(disputed, Assert.Single(page.Items).Id);
        Assert.Equal("Dit gaat over het werkbezoek, dus zakelijk.", page.Items[0].ValidationNote);
        // The other three keep their agreed validation.
        Assert.Equal(3, await w.CountAsync("SELECT COUNT(*) FROM ro_message_states WHERE status = 'Validated'"));

        await Assert.ThrowsAsync<ReadOutException>(() => w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional));
        await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Message, disputed.ToString(CultureInfo.InvariantCulture), MessageLabel.Business, "Na overleg zakelijk", w.Professional));
        var offered = await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        Assert.Equal(ReadOutStage.Validated, offered.Stage); // nothing left to validate
        var cleaned = await w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional);
        Assert.Equal(3, cleaned.Removed);
        // The history keeps every step of the disputed message: review, disagreement, new review, application.
        Assert.Equal(["BulkPerConversation", "ValidationDisagreed", "ChangeLabel", "Applied"],
            await Sql.TextsAsync(w.Db, $"SELECT kind FROM ro_decisions WHERE message_id = {disputed} ORDER BY id"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bulk_decisions_per_contact_and_per_conversation_cover_the_open_messages_and_record_who_and_when(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.SuggestedAsync();
        var byContact = await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Contact, "tante ria", MessageLabel.Private, null, w.Professional));
        Assert.Equal(4, byContact.Decided); // the one-to-one chat with her: her messages and the minister's answer
        Assert.Equal(ReadOutStage.InReview, byContact.ReadOut.Stage);
        var (work, _) = await w.ConversationsAsync(ro.Id);
        var byConversation = await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, work.ToString(CultureInfo.InvariantCulture), MessageLabel.Business, null, w.SecondProfessional));
        Assert.Equal(5, byConversation.Decided);
        Assert.Equal(0, byConversation.ReadOut.Undecided);
        Assert.Equal(4, await w.CountAsync("SELECT COUNT(*) FROM ro_decisions WHERE kind = 'BulkPerContact' AND by_user = @u", ("u", w.Professional.UserId)));
        Assert.Equal(5, await w.CountAsync("SELECT COUNT(*) FROM ro_decisions WHERE kind = 'BulkPerConversation' AND by_user = @u", ("u", w.SecondProfessional.UserId)));
        var filtered = await w.Queries.MessagesAsync(ro.Id, new MessageQuery(Contact: "Tante Ria", Text: "TAART"));
        Assert.Equal(1, filtered.Total);
        Assert.Equal(ReadOutWorld.PrivateText2, filtered.Items[0].Text);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Validation_by_the_reviewer_another_officeholder_an_auditor_or_after_the_deadline_is_refused_and_changes_nothing(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.SuggestedAsync();
        // The minister's own user reviewed the family chat (acting as professional): it may not validate those messages.
        var (work, family) = await w.ConversationsAsync(ro.Id);
        await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, work.ToString(CultureInfo.InvariantCulture), MessageLabel.Business, null, w.Professional));
        await w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, family.ToString(CultureInfo.InvariantCulture), MessageLabel.Private, null, w.MinisterAsProfessional));
        await w.Service.OfferForValidationAsync(ro.Id, w.Professional, w.Clock.Now.AddHours(1));
        var marked = await w.MarkedAsync(ro.Id);
        var all = marked.Select(id => new MessageVerdict(id, true, null)).ToList();
        var before = await w.SnapshotAsync();

        var reviewer = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.ValidateAsync(ro.Id, new ValidationRequest(all, w.MinisterUser)));
        Assert.Equal(ReadOutProblem.Forbidden, reviewer.Problem);
        Assert.Contains("vierogenprincipe", reviewer.Message);
        foreach (var other in new[] { w.OtherMinisterUser, w.Auditor, w.Professional, w.TrusteeUser })
        {
            var e = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.ValidateAsync(ro.Id, new ValidationRequest(all, other)));
            Assert.Equal(ReadOutProblem.Forbidden, e.Problem);
            Assert.Contains("bewindspersoon", e.Message);
        }
        w.Clock.Now = w.Clock.Now.AddHours(2);
        var late = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.ValidateAsync(ro.Id, new ValidationRequest(all, w.MinisterUser)));
        Assert.Contains("termijn", late.Message);
        Assert.Equal(before, await w.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Trustee_registered_for_the_officeholder_validates_when_the_definition_says_so(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.SuggestedAsync(validator: Roles.Trustee);
        await w.ReviewAsync(ro.Id);
        await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        var marked = await w.MarkedAsync(ro.Id);
        var result = await w.Service.ValidateAsync(ro.Id, new ValidationRequest(marked.Select(id => new MessageVerdict(id, true, null)).ToList(), w.TrusteeUser));
        Assert.Equal(ValidationOutcome.Agreed, result.Outcome);
        Assert.Equal(4, await w.CountAsync("SELECT COUNT(*) FROM ro_decisions WHERE kind = 'ValidationAgreed' AND by_user = @u AND by_role = 'trustee'", ("u", w.TrusteeUser.UserId)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Steps_out_of_order_are_refused_in_Dutch_saying_what_comes_first(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.CreateReadOutAsync();
        var suggest = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.SuggestAsync(ro.Id, ReadOutWorld.Removing()));
        Assert.Equal(ReadOutProblem.OutOfOrder, suggest.Problem);
        Assert.Contains("lees eerst de geüploade export in", suggest.Message);
        var ingest = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.IngestAsync(ro.Id));
        Assert.Contains("upload eerst de export", ingest.Message);
        var seal = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.SealAsync(ro.Id, w.Professional));
        Assert.Contains("pas eerst de schoning toe", seal.Message);

        await w.Service.RegisterUploadsAsync(ro.Id, w.BothChats(), w.Professional);
        await w.Service.IngestAsync(ro.Id);
        var decide = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Contact, "Tante Ria", MessageLabel.Private, null, w.Professional)));
        Assert.Contains("laat eerst labels voorstellen", decide.Message);
        await w.Service.SuggestAsync(ro.Id, ReadOutWorld.Removing());
        var offer = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.OfferForValidationAsync(ro.Id, w.Professional));
        Assert.Equal(ReadOutProblem.OutOfOrder, offer.Problem);
        Assert.Contains("9 bericht(en) op een beslissing", offer.Message);
        var clean = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional));
        Assert.Contains("valideren", clean.Message);
        Assert.Equal(ReadOutStage.Suggested, (await w.Service.GetAsync(ro.Id))!.Stage);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_uploads_and_a_decision_on_another_read_out_are_refused_and_store_nothing(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.CreateReadOutAsync();
        var before = await w.SnapshotAsync();

        var unknown = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.RegisterUploadsAsync(ro.Id,
            [new ExportUpload("telefoon.bin", "whatsapp", new MemoryStream(Encoding.UTF8.GetBytes("dit is geen export\n")))], w.Professional));
        Assert.Equal(ReadOutProblem.Invalid, unknown.Problem);
        Assert.Contains("niet herkend", unknown.Message);

        // Two chats from Minister Jansen's phone: he takes part in both, Minister Bakker in none.
        string[] Jansen(string contact) => [$"01-02-2024 09:00 - {contact}: Goedemorgen", "01-02-2024 09:01 - Minister Jansen: Goedemorgen, wat is er?"];
        var wrong = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.RegisterUploadsAsync(ro.Id,
            [ReadOutWorld.Text("Piet", Jansen("Piet")), ReadOutWorld.Text("Klaas", Jansen("Klaas"))], w.Professional));
        Assert.Contains("andere bewindspersoon", wrong.Message);

        var wrongChannel = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.RegisterUploadsAsync(ro.Id,
            [ReadOutWorld.Text("Sanne de Vries", ReadOutWorld.WorkChat) with { Channel = "signal" }], w.Professional));
        Assert.Contains("hoort bij kanaal 'whatsapp'", wrongChannel.Message);
        Assert.Equal(before, await w.SnapshotAsync());

        // A decision on a message of another read-out.
        var first = await w.SuggestedAsync(instance: "wf-2");
        var foreign = (await w.Queries.MessagesAsync(first.Id, new MessageQuery(PageSize: 1))).Items[0].Id;
        var other = await w.Service.CreateAsync(new CreateReadOut(new StepKey("wf-3", "uitlezing"), w.Minister, "whatsapp", ReadOutWorld.Removing(), Roles.Officeholder, w.Professional));
        await w.Service.RegisterUploadsAsync(other.Id, [ReadOutWorld.Text("Henk", ["01-03-2024 09:00 - Henk: Vergadering om tien uur", "01-03-2024 09:01 - Minister Bakker: Ik kom"])], w.Professional);
        await w.Service.IngestAsync(other.Id);
        await w.Service.SuggestAsync(other.Id, ReadOutWorld.Removing());
        var snapshot = await w.SnapshotAsync();
        var e = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.DecideAsync(other.Id,
            new DecisionRequest(DecisionScope.Message, foreign.ToString(CultureInfo.InvariantCulture), MessageLabel.Private, null, w.Professional)));
        Assert.Equal(ReadOutProblem.NotFound, e.Problem);
        Assert.Contains("hoort niet bij uitlezing", e.Message);
        Assert.Equal(snapshot, await w.SnapshotAsync());

        // The same export again, in another read-out.
        var twice = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.RegisterUploadsAsync(ro.Id, [ReadOutWorld.Text("Sanne de Vries", ReadOutWorld.WorkChat)], w.Professional));
        Assert.Contains("al geüpload bij uitlezing", twice.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Upload_after_sealing_is_refused(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var policy = new DepartmentPolicy(ReadOutFrequency.TwoMonthly, true, CleaningMode.None, false, false);
        var ro = await w.SuggestedAsync(policy);
        await w.Service.ApplyCleaningAsync(ro.Id, policy, w.Professional);
        var sealedResult = await w.Service.SealAsync(ro.Id, w.Professional);
        Assert.True(sealedResult.RawExportDestroyed); // the policy does not keep the raw dataset
        var e = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.RegisterUploadsAsync(ro.Id, [ReadOutWorld.Text("Henk", ["01-03-2024 09:00 - Henk: Nog iets"])], w.Professional));
        Assert.Equal(ReadOutProblem.Conflict, e.Problem);
        Assert.Contains("al verzegeld", e.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Mark_mode_keeps_every_text_with_a_restriction_mark_and_no_deletion_record(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var policy = new DepartmentPolicy(ReadOutFrequency.SixWeekly, true, CleaningMode.Mark, true, true);
        var ro = await w.SuggestedAsync(policy);
        await w.ReviewAsync(ro.Id);
        await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        var marked = await w.MarkedAsync(ro.Id);
        await w.Service.ValidateAsync(ro.Id, new ValidationRequest(marked.Select(id => new MessageVerdict(id, true, null)).ToList(), w.MinisterUser));
        var cleaned = await w.Service.ApplyCleaningAsync(ro.Id, policy, w.Professional);
        Assert.Equal((5L, 0L, 4L), (cleaned.Kept, cleaned.Removed, cleaned.Marked));
        Assert.Equal(1, await w.CountAsync("SELECT COUNT(*) FROM ingest_messages WHERE text LIKE '%verjaardag%'"));
        Assert.Equal(0, await w.CountAsync("SELECT COUNT(*) FROM ro_deletion_records"));
        Assert.Equal(4, await w.CountAsync("SELECT COUNT(*) FROM ro_messages WHERE final_state = 'Marked'"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_crash_after_ingestion_committed_is_resumed_without_storing_the_export_twice(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.CreateReadOutAsync();
        var upload = await w.Service.RegisterUploadsAsync(ro.Id, [ReadOutWorld.Text("Sanne de Vries", ReadOutWorld.WorkChat)], w.Professional);
        // The process stored the export (ingestion's own transaction) and died before linking it to the read-out.
        var u = upload.Uploads[0];
        var items = new ChatArchive.Ingestion.WhatsApp.AndroidTextReader().Read(new ChatArchive.Ingestion.Sources.SingleFileExportSource(WriteTemp(ReadOutWorld.WorkChat)));
        await new ReadOutStore(w.Db).IngestAsync(new ReadOutRequest(w.Minister, "whatsapp", u.Format, u.FileName, u.Sha256, w.Clock.Now), items);
        Assert.Equal(ReadOutStage.Uploaded, (await w.Service.GetAsync(ro.Id))!.Stage);

        var resumed = await w.Service.IngestAsync(ro.Id);
        Assert.Equal(ReadOutStage.Ingested, resumed.ReadOut.Stage);
        Assert.Equal(5, resumed.Messages);
        Assert.Equal(1, await w.CountAsync("SELECT COUNT(*) FROM ingest_read_outs"));
        Assert.Equal(5, await w.CountAsync("SELECT COUNT(*) FROM ingest_messages"));
        Assert.Equal(1, await w.CountAsync("SELECT COUNT(*) FROM ro_uploads WHERE ingest_read_out_id IS NOT NULL"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_later_export_without_a_message_gives_a_finding_that_must_be_answered_before_sealing(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var policy = new DepartmentPolicy(ReadOutFrequency.TwoMonthly, true, CleaningMode.None, true, false);
        var first = await w.CreateReadOutAsync(policy, "wf-a");
        await w.Service.RegisterUploadsAsync(first.Id, [ReadOutWorld.Text("Sanne de Vries", ReadOutWorld.WorkChat)], w.Professional);
        await w.Service.IngestAsync(first.Id);
        await w.Service.SuggestAsync(first.Id, policy);
        await w.Service.ApplyCleaningAsync(first.Id, policy, w.Professional);
        await w.Service.SealAsync(first.Id, w.Professional);

        var second = await w.CreateReadOutAsync(policy, "wf-b");
        var lacking = ReadOutWorld.WorkChat.Where(l => !l.Contains("stikstofruimte", StringComparison.Ordinal)).Append("08-02-2024 11:00 - Sanne de Vries: De nota is verstuurd.");
        await w.Service.RegisterUploadsAsync(second.Id, [ReadOutWorld.Text("Sanne de Vries", lacking)], w.Professional);
        var ingest = await w.Service.IngestAsync(second.Id);
        Assert.True(ingest.HasFindings);
        Assert.Equal(1, ingest.Missing);
        var missing = Assert.Single(ingest.Findings, f => f.Kind == ChatArchive.Ingestion.Pipeline.FindingKinds.MissingSinceReadOut);
        Assert.True(missing.NeedsAnswer);
        Assert.Equal(1, ingest.ReadOut.OpenFindings);
        await w.Service.SuggestAsync(second.Id, policy);
        await w.Service.ApplyCleaningAsync(second.Id, policy, w.Professional);
        var refused = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.SealAsync(second.Id, w.Professional));
        Assert.Contains("bevinding(en) open", refused.Message);
        foreach (var f in ingest.Findings.Where(f => f.NeedsAnswer))
        {
            await w.Service.AnswerFindingAsync(second.Id, f.Id, new FindingAnswer(FindingResolution.Discussed, "Besproken: bericht per ongeluk verwijderd.", w.Professional));
        }
        var sealedResult = await w.Service.SealAsync(second.Id, w.Professional);
        Assert.Equal(ReadOutStage.Sealed, sealedResult.ReadOut.Stage);
        Assert.Equal(0, sealedResult.ReadOut.OpenFindings);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Informational_findings_are_shown_but_do_not_block_sealing(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var policy = new DepartmentPolicy(ReadOutFrequency.TwoMonthly, true, CleaningMode.None, true, false);
        var ro = await w.CreateReadOutAsync(policy, "wf-info");
        await w.Service.RegisterUploadsAsync(ro.Id, [ReadOutWorld.Text("Sanne de Vries", ReadOutWorld.WorkChat)], w.Professional);
        var ingest = await w.Service.IngestAsync(ro.Id);
        // A first read-out: ingestion reports what the export covers (span covered); nothing is missing or deleted.
        Assert.NotEmpty(ingest.Findings);
        Assert.Contains(ingest.Findings, f => f.Kind == ChatArchive.Ingestion.Pipeline.FindingKinds.SpanCovered);
        Assert.All(ingest.Findings, f => Assert.False(f.NeedsAnswer, f.Kind));
        Assert.False(ingest.HasFindings);
        Assert.Equal(ingest.Findings.Count, ingest.ReadOut.Findings);
        Assert.Equal(0, ingest.ReadOut.OpenFindings);
        Assert.Equal(ingest.Findings.Count, (await w.Queries.FindingsAsync(ro.Id)).Count(f => !f.NeedsAnswer));

        await w.Service.SuggestAsync(ro.Id, policy);
        await w.Service.ApplyCleaningAsync(ro.Id, policy, w.Professional);
        var sealedResult = await w.Service.SealAsync(ro.Id, w.Professional);
        Assert.Equal(ReadOutStage.Sealed, sealedResult.ReadOut.Stage);
        Assert.All(await w.Queries.FindingsAsync(ro.Id), f => Assert.Null(f.Resolution));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_deletion_tombstone_needs_an_answer_before_sealing(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var policy = new DepartmentPolicy(ReadOutFrequency.TwoMonthly, true, CleaningMode.None, true, false);
        var ro = await w.CreateReadOutAsync(policy, "wf-tomb");
        var lines = ReadOutWorld.WorkChat.Append("09-02-2024 09:15 - Sanne de Vries: Dit bericht is verwijderd");
        await w.Service.RegisterUploadsAsync(ro.Id, [ReadOutWorld.Text("Sanne de Vries", lines)], w.Professional);
        var ingest = await w.Service.IngestAsync(ro.Id);
        var tomb = Assert.Single(ingest.Findings, f => f.Kind == ChatArchive.Ingestion.Pipeline.FindingKinds.DeletedForEveryone);
        Assert.True(tomb.NeedsAnswer);
        Assert.True(ingest.HasFindings);
        Assert.Equal(1, ingest.ReadOut.OpenFindings);
        await w.Service.SuggestAsync(ro.Id, policy);
        await w.Service.ApplyCleaningAsync(ro.Id, policy, w.Professional);
        var refused = await Assert.ThrowsAsync<ReadOutException>(() => w.Service.SealAsync(ro.Id, w.Professional));
        Assert.Contains("1 bevinding(en) open", refused.Message);
        await w.Service.AnswerFindingAsync(ro.Id, tomb.Id, new FindingAnswer(FindingResolution.Explained, "Verwijderd door de afzender.", w.Professional));
        Assert.Equal(ReadOutStage.Sealed, (await w.Service.SealAsync(ro.Id, w.Professional)).ReadOut.Stage);
    }

    private static string WriteTemp(IEnumerable<string> lines)
    {
        var dir = Directory.CreateTempSubdirectory("chatarchive-test-").FullName;
        var path = Path.Combine(dir, "WhatsApp-chat met Sanne de Vries.txt");
        File.WriteAllText(path, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    private static async Task<string> DecryptedVaultTextAsync(ReadOutWorld w)
    {
        var sb = new StringBuilder();
        foreach (var id in await Sql.TextsAsync(w.Db, "SELECT vault_id FROM ro_uploads"))
        {
            using var plain = new MemoryStream();
            await using (var s = w.Vault.OpenRead(id)) await s.CopyToAsync(plain);
            var bytes = plain.ToArray();
            if (bytes.Length > 1 && bytes[0] == 'P' && bytes[1] == 'K')
            {
                plain.Position = 0;
                using var zip = new System.IO.Compression.ZipArchive(plain);
                foreach (var e in zip.Entries)
                {
                    using var r = new StreamReader(e.Open(), Encoding.Latin1);
                    sb.Append(e.FullName).Append('\n').Append(await r.ReadToEndAsync());
                }
            }
            else
            {
                sb.Append(Encoding.UTF8.GetString(bytes));
            }
        }
        // Leftover vault files (a superseded copy that still holds the text) count too.
        Assert.Equal((await Sql.TextsAsync(w.Db, "SELECT vault_id FROM ro_uploads")).Count, Directory.GetFiles(w.Sealing.VaultFolder).Length);
        return sb.ToString();
    }

    private static string AllText(string folder) =>
        string.Join("\n", Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
}
