using ChatArchive.Persistence.Audit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace ChatArchive.Server.Audit;

/// <summary>
/// The web pages' writes as audit events, the same events the API records for the same action: a review decision, an
/// offer for validation, a validation, a finding answered, an export uploaded, a checklist answered. Recorded after the
/// page handler ran: who (the signed-in user), which read-out, finding or checklist, and the outcome from the status
/// the page answers with (a refusal shown on the page is <c>failed</c>, a 403 <c>denied</c>). A request refused before
/// its handler (no antiforgery token, not signed in) changed nothing and is not recorded.
/// </summary>
public sealed class AuditPageWritesFilter : IAsyncPageFilter
{
    private static readonly Dictionary<(string Page, string Handler), (string Action, string ObjectType)> Writes = new()
    {
        [("/Uitlezingen/Beoordelen", "Decide")] = (AuditActions.ReviewDecision, "read-out"),
        [("/Uitlezingen/Beoordelen", "Offer")] = (AuditActions.OfferForValidation, "read-out"),
        [("/Uitlezingen/Valideren", "")] = (AuditActions.Validation, "read-out"),
        [("/Uitlezingen/Bevindingen", "")] = (AuditActions.FindingAnswer, "finding"),
        [("/Uitlezingen/Upload", "")] = (AuditActions.ExportUpload, "read-out"),
        [("/Checklists/Detail", "")] = (AuditActions.ChecklistAnswer, "checklist"),
    };

    /// <summary>The pages and handlers recorded (page path, handler name; "" the default POST handler).</summary>
    public static IReadOnlyCollection<(string Page, string Handler)> Recorded => Writes.Keys;

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || context.HandlerMethod is not { } handler
            || !Writes.TryGetValue((context.ActionDescriptor.ViewEnginePath, handler.Name ?? ""), out var write))
        {
            await next();
            return;
        }
        var id = http.Request.RouteValues.TryGetValue("id", out var v) ? v?.ToString() : null;
        if (write.ObjectType == "finding" && context.HandlerArguments.TryGetValue("findingId", out var finding)) id = $"{id}/{finding}";
        PageHandlerExecutedContext executed;
        // The write's success rides in its own transaction (an upload is several and keeps the event after it).
        using (write.Action == AuditActions.ExportUpload ? null : http.ArmInTransaction(write.Action, write.ObjectType, id))
        {
            executed = await next();
        }
        var status = executed.Exception is not null && !executed.ExceptionHandled ? StatusCodes.Status500InternalServerError
            : executed.Result is IStatusCodeActionResult { StatusCode: { } s } ? s : http.Response.StatusCode;
        await http.AuditAsync(write.Action, write.ObjectType, id, status < 400,
            denied: status == StatusCodes.Status403Forbidden);
    }
}
