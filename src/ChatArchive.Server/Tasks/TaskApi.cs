using Microsoft.AspNetCore.Mvc;
using System.Text.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Server.Auth;
using ChatArchive.Workflows.Api;
using ChatArchive.Workflows.Engine.HumanTasks;

namespace ChatArchive.Server.Tasks;

/// <summary>
/// Human tasks under /api/tasks (issue 6 "Human tasks"): list for me, my roles or my department, claim, release,
/// complete with an outcome and form data; completing resumes the workflow along that outcome. A user only ever
/// sees tasks of their own department (auditors: every department, read-only).
/// </summary>
public static class TaskApi
{
    public static IEndpointRouteBuilder MapTaskApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks").RequireAuthorization().AddEndpointFilter<EngineProblemFilter>();
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        api.MapPost("/{id}/claim", Claim);
        api.MapPost("/{id}/release", Release);
        api.MapPost("/{id}/complete", Complete);
        return app;
    }

    /// <summary>Roles that may see every task of their department, not only their own.</summary>
    private static readonly string[] DepartmentWideRoles = [Roles.ProcessOwner, Roles.Administrator, Roles.Auditor];

    private static HumanTaskActor Actor(CurrentUser user) =>
        new(user.UserId, user.Roles.ToList(), user.AllDepartments ? null : [user.Department]);

    /// <summary>GET /api/tasks?voor=mij|rol|departement&amp;status=Open,Claimed&amp;page=0&amp;pageSize=50</summary>
    private static async Task<IResult> List(HttpContext context, [FromServices] IHumanTaskService tasks, CancellationToken ct)
    {
        var user = context.GetCurrentUser();
        var request = context.Request;
        var scope = (QueryValues.Text(request, "voor") ?? "rol").ToLowerInvariant();
        if (!QueryValues.TryInt(request, "page", 0, 0, 1_000_000, out var page, out var problem)) return problem!;
        if (!QueryValues.TryInt(request, "pageSize", 50, 1, 500, out var pageSize, out problem)) return problem!;
        var statuses = new List<HumanTaskStatus>();
        foreach (var s in QueryValues.List(request, "status") ?? ["Open", "Claimed"])
        {
            if (!Enum.TryParse<HumanTaskStatus>(s, ignoreCase: true, out var parsed))
            {
                return ElsaProblems.BadRequest($"Onbekende taakstatus '{s}'. Gebruik Open, Claimed, Completed of Canceled.");
            }
            statuses.Add(parsed);
        }
        IReadOnlyList<string>? departments = user.AllDepartments ? null : [user.Department];
        HumanTaskQuery query;
        switch (scope)
        {
            case "mij":
                query = new HumanTaskQuery { Departments = departments, User = user.UserId, Roles = [] };
                break;
            case "rol":
                query = new HumanTaskQuery { Departments = departments, User = user.UserId, Roles = user.Roles.ToList() };
                break;
            case "departement":
                if (!DepartmentWideRoles.Any(user.IsInRole))
                {
                    return ElsaProblems.Forbidden("Alle taken van het departement zijn alleen zichtbaar voor procesbeheerders. Gebruik voor=mij of voor=rol.");
                }
                query = new HumanTaskQuery { Departments = departments };
                break;
            default:
                return ElsaProblems.BadRequest($"Onbekende keuze voor='{scope}'. Gebruik mij, rol of departement.");
        }
        var result = await tasks.ListAsync(query with { Statuses = statuses, Page = page, PageSize = pageSize, Viewer = user.UserId }, ct);
        return Results.Json(new { items = result.Items.Select(TaskModel.From).ToList(), totalCount = result.TotalCount }, ElsaJson.Options);
    }

    private static async Task<IResult> Get(string id, HttpContext context, [FromServices] IHumanTaskService tasks, CancellationToken ct)
    {
        var task = await tasks.GetAsync(id, Actor(context.GetCurrentUser()), ct);
        return task is null
            ? ElsaProblems.NotFound($"Taak '{id}' bestaat niet of is niet voor u. Kies een taak uit uw takenlijst.")
            : Results.Json(TaskModel.From(task), ElsaJson.Options);
    }

    private static async Task<IResult> Claim(string id, HttpContext context, [FromServices] IHumanTaskService tasks, CancellationToken ct)
    {
        var user = context.GetCurrentUser();
        if (user.IsInRole(Roles.Auditor) && user.Roles.Count == 1) return ElsaProblems.Forbidden("Auditors kunnen taken inzien, niet oppakken.");
        return Results.Json(TaskModel.From(await tasks.ClaimAsync(id, Actor(user), ct)), ElsaJson.Options);
    }

    private static async Task<IResult> Release(string id, HttpContext context, [FromServices] IHumanTaskService tasks, CancellationToken ct) =>
        Results.Json(TaskModel.From(await tasks.ReleaseAsync(id, Actor(context.GetCurrentUser()), ct)), ElsaJson.Options);

    /// <summary>POST /api/tasks/{id}/complete <c>{"outcome":"Goedgekeurd","formData":{…}}</c>.</summary>
    private static async Task<IResult> Complete(string id, HttpContext context, [FromServices] IHumanTaskService tasks, CancellationToken ct)
    {
        var user = context.GetCurrentUser();
        if (user.IsInRole(Roles.Auditor) && user.Roles.Count == 1) return ElsaProblems.Forbidden("Auditors kunnen taken inzien, niet afronden.");
        var body = await DefinitionEndpoints.ReadObjectAsync(context, ct);
        var request = body?.Deserialize<CompleteTaskRequest>(ElsaJson.Options);
        if (string.IsNullOrWhiteSpace(request?.Outcome))
        {
            return ElsaProblems.BadRequest("Kies een uitkomst: stuur {\"outcome\": \"…\", \"formData\": {…}} met een van de uitkomsten van de taak.");
        }
        var completed = await tasks.CompleteAsync(id, Actor(user), request.Outcome.Trim(), request.FormData?.ToJsonString(), ct);
        return Results.Json(TaskModel.From(completed), ElsaJson.Options);
    }
}
