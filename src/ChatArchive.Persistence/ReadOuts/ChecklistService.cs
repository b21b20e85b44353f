using System.Globalization;
using System.Text.Json;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>
/// <see cref="IChecklistService"/> on the database (migration 0500): the checklists of onboarding and departure
/// (Handreiking hoofdstuk 2 en 3) and coverage secured elsewhere, kept as evidence for auditors. One transaction per call.
/// </summary>
public sealed class ChecklistService(DatabaseOptions options, TimeProvider? clock = null, ILogger<ChecklistService>? logger = null) : IChecklistService
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ILogger _log = (ILogger?)logger ?? NullLogger.Instance;
    private bool Pg => options.Provider == DatabaseProvider.PostgreSql;

    public async Task<ChecklistView> CreateAsync(CreateChecklist request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Items.Count == 0)
        {
            throw new ReadOutException(ReadOutProblem.Invalid, "Een checklist heeft minstens één punt. Voeg de punten toe met elk een toelichting.");
        }
        if (request.Items.Select(i => i.Key).Distinct(StringComparer.Ordinal).Count() != request.Items.Count || request.Items.Any(i => string.IsNullOrWhiteSpace(i.Key) || string.IsNullOrWhiteSpace(i.Text)))
        {
            throw new ReadOutException(ReadOutProblem.Invalid, "Elk punt van de checklist heeft een eigen sleutel en een tekst. Controleer de punten.");
        }
        await using var s = await BeginAsync(ct);
        var existing = await s.Db.ScalarAsync("SELECT id FROM ro_checklists WHERE workflow_instance_id = @w AND activity_id = @a", ct,
            ("w", request.Step.WorkflowInstanceId), ("a", request.Step.ActivityId));
        long id;
        if (existing is not null and not DBNull)
        {
            id = Convert.ToInt64(existing, CultureInfo.InvariantCulture);
        }
        else
        {
            var department = await s.Db.ScalarAsync("SELECT department_id FROM officeholders WHERE id = @o", ct, ("o", request.OfficeholderId));
            if (department is null or DBNull)
            {
                throw new ReadOutException(ReadOutProblem.NotFound, $"Bewindspersoon {request.OfficeholderId} staat niet in het register. Controleer het id.");
            }
            id = Convert.ToInt64(await s.Db.ScalarAsync(
                "INSERT INTO ro_checklists (officeholder_id, department_id, workflow_instance_id, activity_id, kind, title, assignee_role, items, created_by, created_at) " +
                "VALUES (@o, @d, @w, @a, @k, @t, @r, @i, @by, @at) RETURNING id", ct,
                ("o", request.OfficeholderId), ("d", department), ("w", request.Step.WorkflowInstanceId), ("a", request.Step.ActivityId), ("k", request.Kind),
                ("t", request.Title), ("r", request.AssigneeRole), ("i", JsonSerializer.Serialize(request.Items)), ("by", request.By.UserId), ("at", s.Db.Instant(Now))),
                CultureInfo.InvariantCulture);
        }
        var view = (await ViewAsync(s.Db, id, ct))!;
        await s.CommitAsync(ct);
        return view;
    }

    public async Task<ChecklistView> AnswerAsync(long checklistId, IReadOnlyList<ChecklistAnswer> answers, Actor by, bool complete, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(answers);
        await using var s = await BeginAsync(ct);
        var view = await ViewAsync(s.Db, checklistId, ct, forUpdate: true)
            ?? throw new ReadOutException(ReadOutProblem.NotFound, $"Checklist {checklistId} bestaat niet. Controleer het nummer.");
        if (view.Completed)
        {
            throw new ReadOutException(ReadOutProblem.Conflict, "Deze checklist is al afgerond; de antwoorden liggen vast als bewijs.");
        }
        var keys = view.Items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var a in answers)
        {
            if (!keys.Contains(a.ItemKey))
            {
                throw new ReadOutException(ReadOutProblem.Invalid, $"Punt '{a.ItemKey}' staat niet op deze checklist. Beantwoord alleen de punten van de checklist.");
            }
            if (!a.Confirmed && string.IsNullOrWhiteSpace(a.Reason))
            {
                throw new ReadOutException(ReadOutProblem.Invalid, $"Bij punt '{a.ItemKey}' is 'niet bevestigd' gekozen. Schrijf erbij waarom niet.");
            }
        }
        if (answers.Select(a => a.ItemKey).Distinct(StringComparer.Ordinal).Count() != answers.Count)
        {
            throw new ReadOutException(ReadOutProblem.Invalid, "Een punt staat twee keer in de antwoorden. Geef per punt één antwoord.");
        }
        foreach (var a in answers)
        {
            await s.Db.ExecAsync("DELETE FROM ro_checklist_answers WHERE checklist_id = @c AND item_key = @k", ct, ("c", checklistId), ("k", a.ItemKey));
            await s.Db.ExecAsync("INSERT INTO ro_checklist_answers (checklist_id, item_key, confirmed, reason, answered_by, answered_at) VALUES (@c, @k, @ok, @r, @by, @at)", ct,
                ("c", checklistId), ("k", a.ItemKey), ("ok", a.Confirmed), ("r", string.IsNullOrWhiteSpace(a.Reason) ? null : a.Reason.Trim()), ("by", by.UserId), ("at", s.Db.Instant(Now)));
        }
        if (complete)
        {
            var answered = Convert.ToInt32(await s.Db.ScalarAsync("SELECT COUNT(*) FROM ro_checklist_answers WHERE checklist_id = @c", ct, ("c", checklistId)), CultureInfo.InvariantCulture);
            if (answered < view.Items.Count)
            {
                throw new ReadOutException(ReadOutProblem.OutOfOrder, $"Er staan nog {view.Items.Count - answered} punt(en) open. Beantwoord elk punt (bevestigd, of niet met de reden) en rond daarna af.");
            }
            await s.Db.ExecAsync("UPDATE ro_checklists SET completed_by = @by, completed_at = @at WHERE id = @c", ct, ("by", by.UserId), ("at", s.Db.Instant(Now)), ("c", checklistId));
        }
        view = (await ViewAsync(s.Db, checklistId, ct))!;
        await s.CommitAsync(ct);
        _log.LogInformation("Checklist {ChecklistId}: {Count} answer(s) by user {UserId}, completed {Completed}", checklistId, answers.Count, by.UserId, view.Completed);
        return view;
    }

    public async Task<ChecklistView?> GetAsync(long checklistId, CancellationToken ct = default)
    {
        await using var s = await BeginAsync(ct);
        var view = await ViewAsync(s.Db, checklistId, ct);
        await s.CommitAsync(ct);
        return view;
    }

    public async Task<ChecklistView?> FindAsync(StepKey step, CancellationToken ct = default)
    {
        await using var s = await BeginAsync(ct);
        var id = await s.Db.ScalarAsync("SELECT id FROM ro_checklists WHERE workflow_instance_id = @w AND activity_id = @a", ct, ("w", step.WorkflowInstanceId), ("a", step.ActivityId));
        var view = id is null or DBNull ? null : await ViewAsync(s.Db, Convert.ToInt64(id, CultureInfo.InvariantCulture), ct);
        await s.CommitAsync(ct);
        return view;
    }

    /// <summary>Checklists of one officeholder, newest first (the API's list).</summary>
    public async Task<IReadOnlyList<ChecklistView>> ForOfficeholderAsync(long officeholderId, CancellationToken ct = default)
    {
        await using var s = await BeginAsync(ct);
        var ids = new List<long>();
        await using (var r = await s.Db.ReaderAsync("SELECT id FROM ro_checklists WHERE officeholder_id = @o ORDER BY id DESC", ct, ("o", officeholderId)))
        {
            while (await r.ReadAsync(ct)) ids.Add(r.GetInt64(0));
        }
        var list = new List<ChecklistView>();
        foreach (var id in ids) list.Add((await ViewAsync(s.Db, id, ct))!);
        await s.CommitAsync(ct);
        return list;
    }

    public async Task<CoverageElsewhereView> RegisterCoverageAsync(RegisterCoverage request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Channel is not ("email" or "social-media"))
        {
            throw new ReadOutException(ReadOutProblem.Invalid, "Kies het kanaal 'email' (zakelijke mailbox) of 'social-media' (zakelijk account op sociale media).");
        }
        if (string.IsNullOrWhiteSpace(request.Account) || string.IsNullOrWhiteSpace(request.SecuredWhere))
        {
            throw new ReadOutException(ReadOutProblem.Invalid, "Geef het account en waar het is veiliggesteld (bijvoorbeeld de mailserver van het departement).");
        }
        if (request.To is { } to && to < request.From)
        {
            throw new ReadOutException(ReadOutProblem.Invalid, "De einddatum ligt voor de begindatum. Controleer de periode.");
        }
        await using var s = await BeginAsync(ct);
        if (request.Step is { } step)
        {
            var existing = await s.Db.ScalarAsync("SELECT id FROM ro_coverage_elsewhere WHERE workflow_instance_id = @w AND activity_id = @a", ct,
                ("w", step.WorkflowInstanceId), ("a", step.ActivityId));
            if (existing is not null and not DBNull)
            {
                var found = (await CoverageRowsAsync(s.Db, "id = @id", ("id", existing), ct)).Single();
                await s.CommitAsync(ct);
                return found;
            }
        }
        var department = await s.Db.ScalarAsync("SELECT department_id FROM officeholders WHERE id = @o", ct, ("o", request.OfficeholderId));
        if (department is null or DBNull)
        {
            throw new ReadOutException(ReadOutProblem.NotFound, $"Bewindspersoon {request.OfficeholderId} staat niet in het register. Controleer het id.");
        }
        var id = await s.Db.ScalarAsync(
            "INSERT INTO ro_coverage_elsewhere (officeholder_id, department_id, channel, account, from_date, to_date, secured_where, registered_by, registered_at, workflow_instance_id, activity_id) " +
            "VALUES (@o, @d, @c, @acc, @f, @t, @w, @by, @at, @wi, @ai) RETURNING id", ct,
            ("o", request.OfficeholderId), ("d", department), ("c", request.Channel), ("acc", request.Account.Trim()), ("f", request.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("t", request.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("w", request.SecuredWhere.Trim()), ("by", request.By.UserId), ("at", s.Db.Instant(Now)),
            ("wi", request.Step?.WorkflowInstanceId), ("ai", request.Step?.ActivityId));
        var view = (await CoverageRowsAsync(s.Db, "id = @id", ("id", id), ct)).Single();
        await s.CommitAsync(ct);
        return view;
    }

    public async Task<IReadOnlyList<CoverageElsewhereView>> CoverageAsync(long officeholderId, CancellationToken ct = default)
    {
        await using var s = await BeginAsync(ct);
        var list = await CoverageRowsAsync(s.Db, "officeholder_id = @id", ("id", officeholderId), ct);
        await s.CommitAsync(ct);
        return list;
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    private static async Task<IReadOnlyList<CoverageElsewhereView>> CoverageRowsAsync(Sql db, string filter, (string, object?) p, CancellationToken ct)
    {
        var list = new List<CoverageElsewhereView>();
        await using var r = await db.ReaderAsync(
            $"SELECT id, officeholder_id, channel, account, from_date, to_date, secured_where, registered_by, registered_at FROM ro_coverage_elsewhere WHERE {filter} ORDER BY id", ct, p);
        while (await r.ReadAsync(ct))
        {
            list.Add(new CoverageElsewhereView(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), DateOnly.Parse(r.GetString(4), CultureInfo.InvariantCulture),
                r.IsDBNull(5) ? null : DateOnly.Parse(r.GetString(5), CultureInfo.InvariantCulture), r.GetString(6), r.GetString(7), db.ReadInstant(r, 8, null)!.Value));
        }
        return list;
    }

    private async Task<ChecklistView?> ViewAsync(Sql db, long id, CancellationToken ct, bool forUpdate = false)
    {
        long officeholder, department;
        string instance, kind, title, items;
        string? role, completedBy;
        DateTimeOffset? completedAt;
        await using (var r = await db.ReaderAsync(
            "SELECT officeholder_id, department_id, workflow_instance_id, kind, title, assignee_role, items, completed_by, completed_at FROM ro_checklists WHERE id = @id" +
            (forUpdate && Pg ? " FOR UPDATE" : ""), ct, ("id", id)))
        {
            if (!await r.ReadAsync(ct)) return null;
            officeholder = r.GetInt64(0);
            department = r.GetInt64(1);
            instance = r.GetString(2);
            kind = r.GetString(3);
            title = r.GetString(4);
            role = r.IsDBNull(5) ? null : r.GetString(5);
            items = r.GetString(6);
            completedBy = r.IsDBNull(7) ? null : r.GetString(7);
            completedAt = db.ReadInstant(r, 8, null);
        }
        var answers = new Dictionary<string, (bool, string?, string, DateTimeOffset)>(StringComparer.Ordinal);
        await using (var r = await db.ReaderAsync("SELECT item_key, confirmed, reason, answered_by, answered_at FROM ro_checklist_answers WHERE checklist_id = @id", ct, ("id", id)))
        {
            while (await r.ReadAsync(ct))
            {
                answers[r.GetString(0)] = (Convert.ToBoolean(r.GetValue(1), CultureInfo.InvariantCulture), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), db.ReadInstant(r, 4, null)!.Value);
            }
        }
        var views = (JsonSerializer.Deserialize<List<ChecklistItem>>(items) ?? []).Select(i => answers.TryGetValue(i.Key, out var a)
            ? new ChecklistItemView(i.Key, i.Text, i.Explanation, a.Item1, a.Item2, a.Item3, a.Item4)
            : new ChecklistItemView(i.Key, i.Text, i.Explanation, null, null, null, null)).ToList();
        return new ChecklistView(id, officeholder, department, instance, kind, title, role, views, completedAt is not null, completedBy, completedAt);
    }

    private async Task<ReadOutService.Session> BeginAsync(CancellationToken ct)
    {
        var conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync(ct);
        var tx = await conn.BeginTransactionAsync(ct);
        return new ReadOutService.Session(conn, tx, new Sql(conn, tx, Pg, auditInBatch: true));
    }
}
