using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>Checklists and coverage kept as evidence, the upgrade from today's schema, and the test-database reset.</summary>
public class EvidenceAndSchemaTests
{
    private static readonly ChecklistItem[] Departure =
    [
        new("privé-gescheiden", "Privé- en partijpolitieke informatie is gescheiden", "Handreiking hoofdstuk 3: vóór vertrek gemarkeerd of verwijderd."),
        new("geen-mee", "Geen zakelijke informatie meegenomen", "Handreiking hoofdstuk 3: zakelijke informatie blijft bij het ministerie."),
        new("mail-niet-doorgestuurd", "Geen zakelijke mail doorgestuurd naar een privéadres", "Handreiking hoofdstuk 3."),
    ];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Checklist_answers_are_kept_as_evidence_and_every_item_needs_an_answer_before_completion(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var step = new StepKey("vertrek-1", "checklist-vertrek");
        var list = await w.Checklists.CreateAsync(new CreateChecklist(step, w.Minister, "departure", "Vertrek", Departure, "officeholder", w.Professional));
        Assert.Equal(list.Id, (await w.Checklists.CreateAsync(new CreateChecklist(step, w.Minister, "departure", "Vertrek", Departure, "officeholder", w.Professional))).Id);

        var noReason = await Assert.ThrowsAsync<ReadOutException>(() => w.Checklists.AnswerAsync(list.Id, [new ChecklistAnswer("geen-mee", false, null)], w.MinisterUser, false));
        Assert.Contains("waarom niet", noReason.Message);
        var unknown = await Assert.ThrowsAsync<ReadOutException>(() => w.Checklists.AnswerAsync(list.Id, [new ChecklistAnswer("bestaat-niet", true, null)], w.MinisterUser, false));
        Assert.Contains("staat niet op deze checklist", unknown.Message);

        var partial = await w.Checklists.AnswerAsync(list.Id, [new ChecklistAnswer("privé-gescheiden", true, null)], w.MinisterUser, false);
        Assert.False(partial.Completed);
        var early = await Assert.ThrowsAsync<ReadOutException>(() => w.Checklists.AnswerAsync(list.Id, [new ChecklistAnswer("geen-mee", true, null)], w.MinisterUser, true));
        Assert.Contains("1 punt(en) open", early.Message);
        Assert.Null((await w.Checklists.GetAsync(list.Id))!.Items.Single(i => i.Key == "geen-mee").Confirmed); // the refused call stored nothing

        var done = await w.Checklists.AnswerAsync(list.Id,
            [new ChecklistAnswer("geen-mee", true, null), new ChecklistAnswer("mail-niet-doorgestuurd", false, "Doorsturen staat nog aan; ICT zet het uit vóór 1 juli.")], w.MinisterUser, true);
        Assert.True(done.Completed);
        Assert.Equal(w.MinisterUser.UserId, done.CompletedBy);
        var stored = (await w.Checklists.FindAsync(step))!;
        Assert.Equal("Doorsturen staat nog aan; ICT zet het uit vóór 1 juli.", stored.Items.Single(i => i.Key == "mail-niet-doorgestuurd").Reason);
        await Assert.ThrowsAsync<ReadOutException>(() => w.Checklists.AnswerAsync(list.Id, [new ChecklistAnswer("geen-mee", false, "toch niet")], w.MinisterUser, false));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Coverage_secured_elsewhere_is_registered_once_per_workflow_step(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var request = new RegisterCoverage(w.Minister, "email", "minister@minbzk.example", new DateOnly(2024, 1, 2), new DateOnly(2024, 7, 1),
            "Mailserver van het ministerie (Exchange, archiefbeleid)", w.Professional, new StepKey("vertrek-1", "dekking-mail"));
        var first = await w.Checklists.RegisterCoverageAsync(request);
        var again = await w.Checklists.RegisterCoverageAsync(request);
        Assert.Equal(first.Id, again.Id);
        var list = await w.Checklists.CoverageAsync(w.Minister);
        Assert.Equal(new DateOnly(2024, 7, 1), Assert.Single(list).To);
        var backwards = await Assert.ThrowsAsync<ReadOutException>(() => w.Checklists.RegisterCoverageAsync(request with { From = new DateOnly(2024, 8, 1), Step = null }));
        Assert.Contains("einddatum ligt voor de begindatum", backwards.Message);
        Assert.Single(await w.Checklists.CoverageAsync(w.Minister));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_database_of_todays_schema_with_an_ingested_read_out_upgrades_to_0500_and_keeps_its_data(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateEmptyAsync(provider, "upgrade");
        var before = await new DatabaseMigrator(db).MigrateAsync(upTo: 400);
        Assert.DoesNotContain(before, s => s.Id >= 500);
        var dept = await Sql.ScalarAsync(db, "INSERT INTO departments (code, name) VALUES ('OCW', 'Ministerie van Onderwijs, Cultuur en Wetenschap') RETURNING id");
        var oh = await Sql.ScalarAsync(db, "INSERT INTO officeholders (department_id, display_name, kind, created_at) VALUES (@d, 'Minister van OCW', 'Minister', @at) RETURNING id",
            ("d", dept), ("at", DateTimeOffset.UtcNow));
        var ro = await Sql.ScalarAsync(db,
            "INSERT INTO ingest_read_outs (officeholder_id, channel, number, format, source_name, source_sha256, read_out_at, ingested_at) " +
            "VALUES (@o, 'whatsapp', 1, 'whatsapp-android', 'chat.txt', 'abc', @at, @at) RETURNING id",
            ("o", oh), ("at", provider == DatabaseProvider.PostgreSql ? DateTime.UtcNow : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

        var applied = await new DatabaseMigrator(db).MigrateAsync();
        Assert.Contains(applied, s => s.Id == 500);
        Assert.Equal(1, await Sql.ScalarAsync(db, "SELECT COUNT(*) FROM ingest_read_outs WHERE id = @id", ("id", ro)));
        // Every script up to the newest is applied (later scripts of other modules come after 0500).
        Assert.Equal(applied.Max(a => a.Id), await Sql.ScalarAsync(db, "SELECT MAX(id) FROM schema_migrations"));

        // The new tables work on the upgraded database.
        var w = await ReadOutWorld.CreateAsync(provider, db);
        var created = await w.Service.CreateAsync(new CreateReadOut(new StepKey("wf-upgrade", "uitlezing"), oh, "whatsapp", ReadOutWorld.Removing(), "officeholder", w.Professional));
        Assert.Equal(ReadOutStage.Planned, created.Stage);
        Assert.Equal(dept, created.DepartmentId);
        Assert.Empty(await new DatabaseMigrator(db).MigrateAsync()); // nothing left to apply
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Findings_stored_before_0530_keep_needing_an_answer_after_the_upgrade(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateEmptyAsync(provider, "upgrade530");
        var before = await new DatabaseMigrator(db).MigrateAsync(upTo: 529);
        Assert.DoesNotContain(before, s => s.Id >= 530);
        object At() => provider == DatabaseProvider.PostgreSql ? DateTime.UtcNow : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var dept = await Sql.ScalarAsync(db, "INSERT INTO departments (code, name) VALUES ('OCW', 'Ministerie van Onderwijs, Cultuur en Wetenschap') RETURNING id");
        var oh = await Sql.ScalarAsync(db, "INSERT INTO officeholders (department_id, display_name, kind, created_at) VALUES (@d, 'Minister van OCW', 'Minister', @at) RETURNING id",
            ("d", dept), ("at", DateTimeOffset.UtcNow));
        var ingest = await Sql.ScalarAsync(db,
            "INSERT INTO ingest_read_outs (officeholder_id, channel, number, format, source_name, source_sha256, read_out_at, ingested_at) " +
            "VALUES (@o, 'whatsapp', 2, 'whatsapp-android', 'chat.txt', 'abc', @at, @at) RETURNING id", ("o", oh), ("at", At()));
        var finding = await Sql.ScalarAsync(db, "INSERT INTO ingest_findings (read_out_id, kind, detail) VALUES (@i, 'missing-since-read-out', '1 bericht ontbreekt') RETURNING id", ("i", ingest));
        var ro = await Sql.ScalarAsync(db,
            "INSERT INTO ro_read_outs (officeholder_id, department_id, workflow_instance_id, activity_id, stage, policy, validator_role, created_by, created_at) " +
            "VALUES (@o, @d, 'wf-old', 'uitlezing', 'Ingested', '{}', 'officeholder', 'u1', @at) RETURNING id", ("o", oh), ("d", dept), ("at", At()));
        await Sql.ScalarAsync(db, "INSERT INTO ro_findings (read_out_id, ingest_finding_id) VALUES (@r, @f) RETURNING id", ("r", ro), ("f", finding));

        var applied = await new DatabaseMigrator(db).MigrateAsync();
        Assert.Contains(applied, s => s.Id == 530);
        Assert.Equal(1, await Sql.ScalarAsync(db, "SELECT COUNT(*) FROM ro_findings WHERE needs_answer = @yes AND resolution IS NULL", ("yes", true)));
        Assert.Equal(0, await Sql.ScalarAsync(db, "SELECT COUNT(*) FROM ro_findings WHERE needs_answer = @no", ("no", false)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_upgrade_to_0512_leaves_room_on_the_pages_of_ro_messages_on_PostgreSQL(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateEmptyAsync(provider, "upgrade512");
        var before = await new DatabaseMigrator(db).MigrateAsync(upTo: 511);
        Assert.DoesNotContain(before, s => s.Id >= 512);
        const string options = "SELECT COALESCE(array_to_string(reloptions, ','), '') FROM pg_class WHERE relname = 'ro_messages'";
        if (provider == DatabaseProvider.PostgreSql) Assert.DoesNotContain("fillfactor", await Sql.TextsAsync(db, options) is [var o] ? o : "");
        var applied = await new DatabaseMigrator(db).MigrateAsync();
        Assert.Contains(applied, s => s.Id == 512);
        if (provider == DatabaseProvider.PostgreSql) Assert.Equal(["fillfactor=80"], await Sql.TextsAsync(db, options));
        Assert.Equal(0, await Sql.ScalarAsync(db, "SELECT COUNT(*) FROM ro_messages"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Reset_empties_every_table_keeps_the_schema_and_restarts_the_ids(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var first = await w.CreateReadOutAsync();
        Assert.True(await w.CountAsync("SELECT COUNT(*) FROM users") > 0);

        await DatabaseReset.ResetAsync(w.Db);
        foreach (var table in new[] { "ro_read_outs", "users", "officeholders", "departments", "trustees" })
        {
            Assert.Equal(0, await w.CountAsync($"SELECT COUNT(*) FROM {table}"));
        }
        Assert.True(await w.CountAsync("SELECT MAX(id) FROM schema_migrations") >= 500, "the migration history survives the reset");

        var again = await ReadOutWorld.CreateAsync(provider, w.Db);
        var second = await again.CreateReadOutAsync();
        Assert.Equal(first.Id, second.Id); // identities restart: a test after a reset sees the same ids as the first
    }
}
