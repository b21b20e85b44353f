using ChatArchive.Persistence.Audit;
using ChatArchive.Server.Auth;

namespace ChatArchive.Server.Audit;

/// <summary>
/// One-line hooks for endpoints: who is taken from the signed-in user (id, roles, department scope), never a name.
/// Hosts without an audit trail registered (module test hosts) skip the call.
/// </summary>
public static class AuditHttp
{
    public static async Task AuditAsync(this HttpContext context, string action, string objectType, string? objectId, bool success = true, bool denied = false)
    {
        if (context.RequestServices.GetService<IAuditTrail>() is not { } trail) return;
        var input = Input(context, action, objectType, objectId, success ? AuditOutcomes.Success : denied ? AuditOutcomes.Denied : AuditOutcomes.Failed);
        // Recorded already, in the write's own transaction (ArmInTransaction): the commit the request waited for made it durable.
        if (context.Items.TryGetValue(ArmedKey, out var a) && a is AuditInTransaction { Committed: true } armed && armed.Input == input) return;
        await trail.AppendAsync(input, context.RequestAborted);
    }

    /// <summary>
    /// Arms the successful outcome of a write about to happen (<paramref name="action"/> on a known object id) to ride in the
    /// write's own database transaction (<see cref="AuditInTransaction"/>): durable by the commit the request waits for anyway,
    /// with no journal flush after it. Dispose when the write is done; the request then calls <see cref="AuditAsync"/> as
    /// before, which records nothing more when that event committed and records the outcome the ordinary way when it did
    /// not (a refused or failed write commits nothing). Null on a host without the server's audit trail.
    /// </summary>
    public static IDisposable? ArmInTransaction(this HttpContext context, string action, string objectType, string? objectId)
    {
        if (context.RequestServices.GetService<AuditJournal>() is not { } journal) return null;
        var armed = journal.ArmInTransaction(Input(context, action, objectType, objectId, AuditOutcomes.Success));
        context.Items[ArmedKey] = armed;
        return armed;
    }

    private static readonly object ArmedKey = new();

    /// <summary>The event of the signed-in user (id, roles, department scope; <c>anoniem</c> when not signed in).</summary>
    private static AuditEventInput Input(HttpContext context, string action, string objectType, string? objectId, string outcome)
    {
        var user = CurrentUser.FromPrincipal(context.User);
        return new AuditEventInput(user?.UserId ?? "anoniem", RolesOf(user?.Roles), user?.Department, action, objectType,
            string.IsNullOrEmpty(objectId) ? "-" : objectId, outcome);
    }

    /// <summary>
    /// A content read: the event is handed to the journal now and the answer is held until it is durable (the journal's
    /// flush, batched with other requests' events) by <see cref="HttpResponse.OnStarting(Func{Task})"/>. So no byte of
    /// the content leaves the server before its read is recorded, as with <see cref="AuditAsync"/>, but the flush runs
    /// beside what the request still does (rendering the page, writing the JSON) instead of after it: the request is
    /// slowed only by the part of the flush that outlasts that work. A failed write fails the answer (500), as before.
    /// </summary>
    public static void AuditBeforeAnswer(this HttpContext context, string action, string objectType, string? objectId)
    {
        if (context.RequestServices.GetService<IAuditTrail>() is not { } trail) return;
        var append = trail.AppendAsync(Input(context, action, objectType, objectId, AuditOutcomes.Success), context.RequestAborted);
        context.Response.OnStarting(() => append);
    }

    /// <summary>A successful sign-in: the user is not on the request yet, so its id, roles and department are passed.</summary>
    public static async Task AuditSignInAsync(this HttpContext context, long userId, IEnumerable<string> roles, string department)
    {
        if (context.RequestServices.GetService<IAuditTrail>() is not { } trail) return;
        var id = userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await trail.AppendAsync(new AuditEventInput(id, RolesOf(roles), department, AuditActions.SignIn, "user", id), context.RequestAborted);
    }

    internal static string RolesOf(IEnumerable<string>? roles) =>
        roles is null ? "-" : string.Join(',', roles.Order(StringComparer.Ordinal)) is { Length: > 0 } r ? r : "-";
}

/// <summary>
/// Records every write (POST, PUT, PATCH, DELETE) of a route group as one audit event: <c>registry-create</c>,
/// <c>registry-update</c> or <c>registry-delete</c>, the resource (first path segment after /api) and the id from the
/// route or the Location of a 201. The outcome follows the status code; the event is written before the answer is sent.
/// </summary>
public sealed class AuditRegistryWritesFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)) return await next(context);
        var action = HttpMethods.IsPost(method) ? AuditActions.RegistryCreate : HttpMethods.IsDelete(method) ? AuditActions.RegistryDelete : AuditActions.RegistryUpdate;
        var segments = http.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var resource = segments.Length > 1 ? segments[1] : "registry";
        var id = http.Request.RouteValues.Values.Select(v => v?.ToString()).LastOrDefault(v => !string.IsNullOrEmpty(v));
        object? result;
        // A change of a known object rides in the write's transaction; a create's id is known only from its answer, so a
        // create is recorded after it (through the journal).
        using (HttpMethods.IsPost(method) ? null : http.ArmInTransaction(action, resource, id))
        {
            result = await next(context);
        }
        // A typed union (Results<Created<T>, …>) carries the actual result inside.
        var actual = result is INestedHttpResult nested ? nested.Result : result;
        var status = actual is IStatusCodeHttpResult { StatusCode: { } s } ? s : http.Response.StatusCode;
        if (status == StatusCodes.Status201Created && actual?.GetType().GetProperty("Location")?.GetValue(actual) is string location)
        {
            id = location.TrimEnd('/').Split('/')[^1];
        }
        await http.AuditAsync(action, resource, id, status < 400);
        return result;
    }
}

/// <summary>
/// Records Studio's writes to a workflow definition that carry its id in the route (publish, bulk-publish, retract,
/// delete, execute, copy-to-department); a plain save records itself in DefinitionEndpoints.Save.
/// </summary>
public sealed class AuditDefinitionWritesFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var path = http.Request.Path.Value ?? "";
        var write = HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsDelete(http.Request.Method);
        var id = http.Request.RouteValues.TryGetValue("definitionId", out var v) ? v?.ToString() : null;
        var bulk = path.EndsWith("/workflow-definitions/bulk-publish", StringComparison.Ordinal);
        if (!write || (id is null && !bulk)) return await next(context);
        var verb = path.Split('/')[^1];
        var action = bulk || verb == "publish" ? AuditActions.DefinitionPublish
            : HttpMethods.IsDelete(http.Request.Method) ? "workflow-definition-delete"
            : AuditActions.WorkflowDefinitionChange + "-" + verb;
        object? result;
        using (http.ArmInTransaction(action, "workflow-definition", bulk ? "bulk" : id))
        {
            result = await next(context);
        }
        var status = (result is INestedHttpResult nested ? nested.Result : result) is IStatusCodeHttpResult { StatusCode: { } s } ? s : http.Response.StatusCode;
        await http.AuditAsync(action, "workflow-definition", bulk ? "bulk" : id, status < 400);
        return result;
    }
}
