using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ProcessStarts;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Activities.Processes;

/// <summary>A read-out cycle waiting to start: when it is due under the department's process as published now.</summary>
public sealed record PlannedReadOut(long OfficeholderId, string Department, DateTimeOffset? DueAt, string Frequency, string DefinitionId, int DefinitionVersion,
    string? PreviousInstanceId);

/// <summary>What one pass of <see cref="ProcessStarter.RunOnceAsync"/> did.</summary>
public sealed record ProcessStartPass(int EventsRecorded, int Started, int Cancelled);

/// <summary>
/// Events that start workflows (issue 10 item 6). Each event is one row keyed by the event (<c>wf_process_starts</c>);
/// the instance id is derived from that key, so the same event twice — also from two server nodes at once — starts one
/// instance. The department's published copy of the template is started, else the government-wide template.
/// </summary>
public sealed class ProcessStarter(
    IDbContextFactory<ChatArchiveDbContext> factory,
    DepartmentProcessReader processes,
    IWorkflowRuntime runtime,
    TimeProvider clock,
    ILogger<ProcessStarter> logger)
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static string OnboardingKey(long appointmentId) => $"{ProcessStartKinds.Onboarding}:benoeming:{appointmentId}";

    public static string DepartureKey(long appointmentId, DateOnly endsOn) =>
        $"{ProcessStartKinds.Departure}:benoeming:{appointmentId}:{endsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static string ReadOutKey(long officeholderId, string previousInstanceId) => $"{ProcessStartKinds.ReadOut}:{officeholderId}:na:{previousInstanceId}";

    public static string FinalReadOutKey(long officeholderId, string departureInstanceId) => $"{ProcessStartKinds.ReadOut}:{officeholderId}:laatste:{departureInstanceId}";

    /// <summary>The instance id an event gets: the same event always gives the same id.</summary>
    public static string InstanceIdFor(string eventKey) =>
        "ps-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventKey)))[..24];

    /// <summary>One pass: record appointment events, cancel regular cycles of departing officeholders, start what is due.</summary>
    public async Task<ProcessStartPass> RunOnceAsync(CancellationToken ct = default)
    {
        var recorded = await RecordAppointmentEventsAsync(ct);
        var cancelled = await CancelCyclesOfDepartingAsync(ct);
        var started = await StartDueAsync(ct);
        return new ProcessStartPass(recorded, started, cancelled);
    }

    /// <summary>
    /// An appointment that is held now or starts later → onboarding from its first day; an end date on a
    /// current appointment (today or later) → departure at once, so the final read-out happens before that day.
    /// Appointments that ended in the past start nothing (their officeholder has left).
    /// </summary>
    public async Task<int> RecordAppointmentEventsAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Amsterdam).DateTime);
        await using var db = await factory.CreateDbContextAsync(ct);
        var appointments = await (
            from a in db.Set<Appointment>().AsNoTracking()
            join o in db.Set<Officeholder>().AsNoTracking() on a.OfficeholderId equals o.Id
            join d in db.Set<Department>().AsNoTracking() on o.DepartmentId equals d.Id
            where a.EndsOn == null || a.EndsOn >= today
            select new { a.Id, a.OfficeholderId, a.StartsOn, a.EndsOn, d.Code }).ToListAsync(ct);
        var keys = await db.Set<ProcessStartRow>().AsNoTracking()
            .Where(r => r.Kind == ProcessStartKinds.Onboarding || r.Kind == ProcessStartKinds.Departure)
            .Select(r => r.EventKey).ToListAsync(ct);
        var known = keys.ToHashSet(StringComparer.Ordinal);
        var recorded = 0;
        foreach (var a in appointments)
        {
            var onboarding = OnboardingKey(a.Id);
            if (!known.Contains(onboarding))
            {
                recorded += await RecordAsync(new ProcessStartRow
                {
                    EventKey = onboarding, Kind = ProcessStartKinds.Onboarding, Department = a.Code, OfficeholderId = a.OfficeholderId, AppointmentId = a.Id,
                    NotBefore = StartOfDayUtc(a.StartsOn),
                }, ct) ? 1 : 0;
            }
            if (a.EndsOn is { } end && !known.Contains(DepartureKey(a.Id, end)))
            {
                recorded += await RecordAsync(new ProcessStartRow
                {
                    EventKey = DepartureKey(a.Id, end), Kind = ProcessStartKinds.Departure, Department = a.Code, OfficeholderId = a.OfficeholderId,
                    AppointmentId = a.Id, NotBefore = now.UtcDateTime,
                }, ct) ? 1 : 0;
            }
        }
        return recorded;
    }

    /// <summary>
    /// Plans the next read-out cycle of an officeholder after <paramref name="previousInstanceId"/> (onboarding or a cycle).
    /// <paramref name="immediately"/>: due now (the first cycle after onboarding); else due when the frequency the department
    /// has published at that moment has passed since <paramref name="cycleEndedAt"/>. Idempotent per previous instance.
    /// </summary>
    public Task<bool> PlanReadOutAsync(string department, long officeholderId, string previousInstanceId, DateTimeOffset cycleEndedAt, bool immediately,
        CancellationToken ct = default) =>
        RecordAsync(new ProcessStartRow
        {
            EventKey = ReadOutKey(officeholderId, previousInstanceId), Kind = ProcessStartKinds.ReadOut, Department = department, OfficeholderId = officeholderId,
            NotBefore = cycleEndedAt.UtcDateTime, AfterCycleAt = immediately ? null : cycleEndedAt.UtcDateTime, PreviousInstanceId = previousInstanceId,
        }, ct);

    /// <summary>
    /// Plans the final read-out of a departing officeholder (Handreiking hoofdstuk 3: before the end date, then the devices
    /// are handed in), due at once, from the department's latest published read-out definition. Idempotent per departure instance.
    /// </summary>
    public Task<bool> PlanFinalReadOutAsync(string department, long officeholderId, string departureInstanceId, DateTimeOffset now, CancellationToken ct = default) =>
        RecordAsync(new ProcessStartRow
        {
            EventKey = FinalReadOutKey(officeholderId, departureInstanceId), Kind = ProcessStartKinds.ReadOut, Department = department,
            OfficeholderId = officeholderId, NotBefore = now.UtcDateTime, PreviousInstanceId = departureInstanceId, IsFinal = true,
        }, ct);

    /// <summary>Every planned read-out cycle not yet started, with its due moment under the definitions published now.</summary>
    public async Task<IReadOnlyList<PlannedReadOut>> PlannedReadOutsAsync(string? department = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<ProcessStartRow>().AsNoTracking().Where(r => r.Kind == ProcessStartKinds.ReadOut && r.InstanceId == null && r.CancelledAt == null);
        if (department is not null)
        {
            q = q.Where(r => r.Department == department);
        }
        var rows = await q.OrderBy(r => r.OfficeholderId).ThenBy(r => r.CreatedAt).ToListAsync(ct);
        var result = new List<PlannedReadOut>();
        var cache = new Dictionary<string, DepartmentProcess>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (!cache.TryGetValue(r.Department, out var p))
            {
                cache[r.Department] = p = await processes.ReadAsync(r.Department, ct);
            }
            result.Add(new PlannedReadOut(r.OfficeholderId, r.Department, DueAt(r, p), p.FrequencyText, p.DefinitionId, p.DefinitionVersion, r.PreviousInstanceId));
        }
        return result;
    }

    /// <summary>Null: never due on its own (the department reads out at departure only).</summary>
    public static DateTimeOffset? DueAt(ProcessStartRow row, DepartmentProcess process)
    {
        var notBefore = new DateTimeOffset(DateTime.SpecifyKind(row.NotBefore, DateTimeKind.Utc));
        if (row.Kind != ProcessStartKinds.ReadOut || row.AfterCycleAt is null)
        {
            return notBefore;
        }
        if (process.Frequency is not { } frequency)
        {
            return null;
        }
        var due = frequency.AddTo(new DateTimeOffset(DateTime.SpecifyKind(row.AfterCycleAt.Value, DateTimeKind.Utc)));
        return due > notBefore ? due : notBefore;
    }

    /// <summary>A departing officeholder's regular cycles stop: the departure workflow holds the final read-out.</summary>
    public async Task<int> CancelCyclesOfDepartingAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var departing = db.Set<ProcessStartRow>().Where(d => d.Kind == ProcessStartKinds.Departure).Select(d => d.OfficeholderId);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<ProcessStartRow>()
            .Where(r => r.Kind == ProcessStartKinds.ReadOut && !r.IsFinal && r.InstanceId == null && r.CancelledAt == null && departing.Contains(r.OfficeholderId))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelledAt, now), ct);
    }

    /// <summary>Starts every recorded event that is due; returns how many instances were started now.</summary>
    public async Task<int> StartDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<ProcessStartRow> pending;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var limit = now.UtcDateTime;
            pending = await db.Set<ProcessStartRow>().AsNoTracking()
                .Where(r => r.InstanceId == null && r.CancelledAt == null && r.NotBefore <= limit)
                .OrderBy(r => r.NotBefore).ThenBy(r => r.EventKey).Take(500).ToListAsync(ct);
        }
        var started = 0;
        var cache = new Dictionary<string, DepartmentProcess>(StringComparer.Ordinal);
        foreach (var row in pending)
        {
            if (row.Kind == ProcessStartKinds.ReadOut && row.AfterCycleAt is not null)
            {
                if (!cache.TryGetValue(row.Department, out var p))
                {
                    cache[row.Department] = p = await processes.ReadAsync(row.Department, ct);
                }
                if (DueAt(row, p) is not { } due || due > now)
                {
                    continue;
                }
            }
            if (await StartAsync(row, ct))
            {
                started++;
            }
        }
        return started;
    }

    private async Task<bool> StartAsync(ProcessStartRow row, CancellationToken ct)
    {
        var templateId = ProcessStartKinds.TemplateFor(row.Kind);
        var definition = await processes.PublishedAsync(row.Department, templateId, ct);
        if (definition is null)
        {
            logger.LogWarning("Event {EventKind} of officeholder {OfficeholderId}: no published definition {TemplateId} for department {Department}",
                row.Kind, row.OfficeholderId, templateId, row.Department);
            return false;
        }
        var input = new Dictionary<string, string?>
        {
            [ProcessVariables.OfficeholderId] = row.OfficeholderId.ToString(CultureInfo.InvariantCulture),
            [ProcessVariables.Department] = row.Department,
        };
        if (row.AppointmentId is { } appointment)
        {
            input[ProcessVariables.AppointmentId] = appointment.ToString(CultureInfo.InvariantCulture);
        }
        if (row.Kind == ProcessStartKinds.Departure)
        {
            input[ProcessVariables.EndsOn] = row.EventKey[(row.EventKey.LastIndexOf(':') + 1)..];
        }
        if (row.IsFinal)
        {
            input[ProcessVariables.FinalReadOut] = "true";
        }
        var instanceId = InstanceIdFor(row.EventKey);
        var result = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = definition.DefinitionId,
            VersionOptions = VersionOptions.Published,
            Scope = TenantScope.System,
            CorrelationId = row.OfficeholderId.ToString(CultureInfo.InvariantCulture),
            InstanceId = instanceId,
            Input = input,
        }, ct);
        if (!result.Started)
        {
            logger.LogWarning("Event {EventKind} of officeholder {OfficeholderId}: definition {DefinitionId} cannot start", row.Kind, row.OfficeholderId, definition.DefinitionId);
            return false;
        }
        await using var db = await factory.CreateDbContextAsync(ct);
        var startedAt = clock.GetUtcNow().UtcDateTime;
        await db.Set<ProcessStartRow>().Where(r => r.EventKey == row.EventKey && r.InstanceId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.InstanceId, instanceId).SetProperty(r => r.DefinitionId, definition.DefinitionId)
                .SetProperty(r => r.DefinitionVersion, definition.Version).SetProperty(r => r.StartedAt, startedAt), ct);
        if (!result.AlreadyStarted)
        {
            logger.LogInformation("Event {EventKind} of officeholder {OfficeholderId} started instance {InstanceId} of {DefinitionId} v{Version}",
                row.Kind, row.OfficeholderId, instanceId, definition.DefinitionId, definition.Version);
        }
        return !result.AlreadyStarted;
    }

    /// <summary>Inserts the event row unless it exists; true when this call recorded it.</summary>
    private async Task<bool> RecordAsync(ProcessStartRow row, CancellationToken ct)
    {
        row.CreatedAt = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Set<ProcessStartRow>().AnyAsync(r => r.EventKey == row.EventKey, ct))
        {
            return false;
        }
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node recorded the same event at the same moment: one row, which is what we want.
            return false;
        }
    }

    private static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Amsterdam);
}
