using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.ProcessStarts;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Support;

/// <summary>A clock the test moves forward by hand; the server's steps, tasks, sessions and event starters all read it.</summary>
public sealed class JourneyClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void MoveTo(DateTimeOffset at)
    {
        Assert.True(at >= Now, $"the clock only moves forward ({Now:O} → {at:O})");
        Now = at;
    }
}

/// <summary>
/// One officeholder's life in the product, driven the way the product runs it: registered with an appointment through the
/// registry API (the event starts onboarding), the published workflows' tasks completed through the task API, the
/// people's work through the read-out and checklist APIs, and the server's own workflow runtime running each step
/// (<see cref="IWorkflowRuntime.RunUntilIdleAsync"/>, instead of the background workers, so the test knows when a step is done).
/// </summary>
public sealed class WorkflowJourney
{
    private readonly ServerFixture _server;

    private WorkflowJourney(ServerFixture server, string department, long officeholder, long appointment, string functionTitle, DateOnly startsOn)
    {
        _server = server;
        Department = department;
        Officeholder = officeholder;
        Appointment = appointment;
        FunctionTitle = functionTitle;
        StartsOn = startsOn;
    }

    public string Department { get; }
    public long Officeholder { get; }
    public long Appointment { get; }
    public string FunctionTitle { get; }
    public DateOnly StartsOn { get; }
    public HttpClient Professional { get; private set; } = null!;
    public HttpClient OfficeholderClient { get; private set; } = null!;
    public HttpClient Trustee { get; private set; } = null!;
    public HttpClient Administrator { get; private set; } = null!;
    public string ProfessionalUserId { get; private set; } = "";
    public List<long> ReadOuts { get; } = [];

    /// <summary>The validator's client as the department's published definition says (officeholder, or their trustee).</summary>
    public HttpClient Validator(bool trustee) => trustee ? Trustee : OfficeholderClient;

    /// <summary>Registers a new officeholder with an appointment from <paramref name="startsOn"/> through the registry API, as the department's administrator.</summary>
    public static async Task<WorkflowJourney> RegisterAsync(ServerFixture server, string department, string functionTitle, DateOnly startsOn)
    {
        using var admin = await server.CreateClientAsync(Roles.Administrator, department);
        var created = await OkAsync(await admin.PostAsJsonAsync("/api/officeholders", new
        {
            departmentCode = department,
            displayName = functionTitle,
            kind = "Minister",
            appointments = new[] { new { departmentCode = department, functionTitle, startsOn = Day(startsOn), endsOn = (string?)null } },
        }), HttpStatusCode.Created);
        var officeholder = created.GetProperty("id").GetInt64();
        var appointment = created.GetProperty("appointments")[0].GetProperty("id").GetInt64();
        var j = new WorkflowJourney(server, department, officeholder, appointment, functionTitle, startsOn);
        await j.SignInAsync();
        await using var db = server.CreateDbContext();
        var name = $"test.information-professional.{department.ToLowerInvariant()}";
        j.ProfessionalUserId = (await db.Set<User>().Where(u => u.UserName == name).Select(u => u.Id).SingleAsync()).ToString(CultureInfo.InvariantCulture);
        return j;
    }

    /// <summary>Fresh sign-ins (a session lasts hours; the test's clock jumps weeks).</summary>
    public async Task SignInAsync()
    {
        Professional = await _server.CreateClientAsync(Roles.InformationProfessional, Department);
        OfficeholderClient = await _server.CreateClientAsync(Roles.Officeholder, Department, Officeholder);
        Trustee = await _server.CreateClientAsync(Roles.Trustee, Department, Officeholder);
        Administrator = await _server.CreateClientAsync(Roles.Administrator, Department);
    }

    /// <summary>The administrator sets the appointment's end date (the event that starts the departure).</summary>
    public async Task EndAppointmentAsync(DateOnly endsOn)
    {
        var current = await OkAsync(await Administrator.GetAsync($"/api/appointments/{Appointment}"));
        await OkAsync(await Administrator.PutAsJsonAsync($"/api/appointments/{Appointment}", new
        {
            departmentCode = Department,
            functionTitle = FunctionTitle,
            startsOn = Day(StartsOn),
            endsOn = Day(endsOn),
            version = current.GetProperty("version").GetInt32(),
        }));
    }

    /// <summary>Instances the event starters began for this officeholder, oldest first, per kind.</summary>
    public async Task<List<ProcessStartRow>> StartsAsync(string? kind = null)
    {
        await using var db = _server.CreateDbContext();
        var q = db.Set<ProcessStartRow>().AsNoTracking().Where(r => r.OfficeholderId == Officeholder);
        if (kind is not null) q = q.Where(r => r.Kind == kind);
        return (await q.ToListAsync()).OrderBy(r => r.CreatedAt).ThenBy(r => r.EventKey, StringComparer.Ordinal).ToList();
    }

    /// <summary>The one open task of <paramref name="instanceId"/> that <paramref name="who"/> sees in their task list.</summary>
    public static async Task<JsonElement> TaskAsync(ServerFixture server, HttpClient who, string instanceId, string? title = null)
    {
        var list = await OkAsync(await who.GetAsync("/api/tasks?voor=rol&pageSize=500"));
        var mine = list.GetProperty("items").EnumerateArray().Where(t => t.GetProperty("instanceId").GetString() == instanceId).ToList();
        if (mine.Count != 1)
        {
            // Say why: the instance's state, its incidents and every open task it has, whoever it is for.
            var instance = await server.Services.GetRequiredService<IWorkflowInstanceStore>().GetAsync(instanceId);
            var open = await server.Services.GetRequiredService<ChatArchive.Workflows.Engine.HumanTasks.IHumanTaskService>().ListAsync(
                new ChatArchive.Workflows.Engine.HumanTasks.HumanTaskQuery { InstanceId = instanceId, Statuses = [ChatArchive.Workflows.Engine.HumanTasks.HumanTaskStatus.Open, ChatArchive.Workflows.Engine.HumanTasks.HumanTaskStatus.Claimed] });
            Assert.Fail($"expected one open task of {instanceId} for this user, found {mine.Count}; instance {instance?.Status}; incidents: " +
                string.Join(" | ", instance?.State.Incidents.Select(i => i.ActivityId + ": " + i.Message) ?? []) +
                "; open tasks: " + string.Join(" | ", open.Items.Select(t => $"{t.Title} (rol {t.AssigneeRole}, gebruiker {t.AssigneeUser}, departement {t.Department})")) +
                "; asked by: " + await (await who.GetAsync("/api/auth/me")).Content.ReadAsStringAsync());
        }
        if (title is not null) Assert.Contains(title, mine[0].GetProperty("title").GetString(), StringComparison.Ordinal);
        return mine[0];
    }

    public static async Task<JsonElement> CompleteAsync(HttpClient who, JsonElement task, string outcome, object? form = null) =>
        await OkAsync(await who.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetString()}/complete", new { outcome, formData = form }));

    /// <summary>Answers a checklist through the API: every item confirmed except <paramref name="notConfirmed"/>, which gets a reason.</summary>
    public static async Task<JsonElement> AnswerChecklistAsync(HttpClient who, JsonElement task, string? notConfirmed = null)
    {
        var id = task.GetProperty("formData").GetProperty("formulier").GetProperty("checklistId").GetInt64();
        var list = await OkAsync(await who.GetAsync($"/api/checklists/{id}"));
        var answers = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()!).Select(k => new
        {
            itemKey = k,
            confirmed = k != notConfirmed,
            reason = k == notConfirmed ? "Nog niet mogelijk: het tweede toestel wordt volgende week geleverd; afgesproken met het secretariaat." : null,
        }).ToList();
        var answered = await OkAsync(await who.PostAsJsonAsync($"/api/checklists/{id}/answers", new { answers, complete = true }));
        Assert.True(answered.GetProperty("completed").GetBoolean(), answered.ToString());
        return answered;
    }

    public IWorkflowRuntime Runtime => _server.Services.GetRequiredService<IWorkflowRuntime>();

    public IReadOutService ReadOutService => _server.Services.GetRequiredService<IReadOutService>();

    /// <summary>The read-out the cycle's appointment step created for this instance.</summary>
    public async Task<long> ReadOutOfAsync(string instanceId)
    {
        var state = await ReadOutService.FindByWorkflowInstanceAsync(instanceId);
        Assert.NotNull(state);
        Assert.Equal(Officeholder, state.OfficeholderId);
        if (!ReadOuts.Contains(state.Id)) ReadOuts.Add(state.Id);
        return state.Id;
    }

    public Task UploadAsync(long id, params (string Name, byte[] Zip)[] files) => ReadOutCalls.UploadAsync(Professional, id, files);

    public Task<long> ConversationAsync(long id, string titlePart) => ReadOutCalls.ConversationAsync(Professional, id, titlePart);

    public Task<int> DecideAsync(long id, string scope, string target, string label, string? note = null) =>
        ReadOutCalls.DecideAsync(Professional, id, scope, target, label, note);

    public Task<string> OfferAsync(long id) => ReadOutCalls.OfferAsync(Professional, id);

    public async Task<JsonElement> ReadOutAsync(long id) => await OkAsync(await Professional.GetAsync($"/api/read-outs/{id}"));

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
