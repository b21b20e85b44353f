using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence.Audit;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Audit;
using ChatArchive.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Server.ReadOuts;

/// <summary>
/// The people's work on a read-out (Handreiking §2.2.2): /api/read-outs for the professional's review, the officeholder's
/// or trustee's validation and the findings; /api/checklists for onboarding and departure evidence. Every call goes through
/// <see cref="ReadOutAccess"/>; every refusal is a Dutch ProblemDetails; after a change a waiting workflow step is told
/// through <see cref="IReadOutSignals"/>. Logs carry ids and counts only.
/// </summary>
public static class ReadOutApi
{
    public static IEndpointRouteBuilder MapReadOutApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/read-outs").RequireAuthorization().WithTags("Uitlezingen");
        api.MapGet("/", List);
        api.MapGet("/{id:long}", Get);
        api.MapPost("/{id:long}/uploads", Upload)
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new ChatArchive.Server.Security.HttpHardening.LargeUpload(MaxUploadBytes)) // exports of a whole phone: up to 2 GiB
            .DisableAntiforgery();
        api.MapGet("/{id:long}/conversations", Conversations);
        api.MapGet("/{id:long}/messages", Messages);
        api.MapPost("/{id:long}/decisions", Decide);
        api.MapPost("/{id:long}/offer", Offer);
        api.MapGet("/{id:long}/validation", ValidationList);
        api.MapPost("/{id:long}/validation", Validate);
        api.MapGet("/{id:long}/findings", Findings);
        api.MapPost("/{id:long}/findings/{findingId:long}", AnswerFinding);
        var checklists = app.MapGroup("/api/checklists").RequireAuthorization().WithTags("Checklists");
        checklists.MapGet("/{id:long}", Checklist);
        checklists.MapPost("/{id:long}/answers", AnswerChecklist);
        return app;
    }

    public sealed record ConversationResponse(long Id, string? Title, bool IsGroup, long Messages, long Undecided, long Marked, long SpecialCategory);

    public sealed record MessageResponse(
        long Id, long ConversationId, string? Contact, string? Sender, DateTimeOffset SentAt, string? Text, string SuggestedLabel, double Confidence,
        IReadOnlyList<string> Reasons, IReadOnlyList<string> Categories, bool SpecialCategory, string Status, string? Label, string? Note,
        bool? ValidationAgrees, string? ValidationNote, string? FinalState);

    public sealed record MessagePageResponse(long Total, int Page, int PageSize, IReadOnlyList<MessageResponse> Items);

    public sealed record DecisionBody(string? Scope, string? Target, string? Label, string? Note);

    public sealed record OfferBody(DateTimeOffset? Deadline);

    public sealed record VerdictBody(long MessageId, bool Agrees, string? Note);

    public sealed record ValidationBody(IReadOnlyList<VerdictBody>? Verdicts);

    public sealed record FindingBody(string? Resolution, string? Note);

    public sealed record ChecklistAnswerBody(string ItemKey, bool Confirmed, string? Reason);

    public sealed record ChecklistBody(IReadOnlyList<ChecklistAnswerBody>? Answers, bool Complete);

    /// <summary>The services every handler needs, bundled so the route list stays short.</summary>
    public sealed record Request(HttpContext Http, ReadOutService Service, ReadOutQueries Queries, ChecklistService Checklists, ReadOutAccess Access,
        IReadOutSignals Signals, ILoggerFactory Logs, CancellationToken Ct)
    {
        public CurrentUser User => Http.GetCurrentUser();
        public ILogger Log => Logs.CreateLogger("ChatArchive.ReadOuts");
    }

    // ---- read-outs ----------------------------------------------------------------------------------------------

    private static async Task<Results<Ok<IReadOnlyList<ReadOutState>>, ProblemHttpResult>> List([AsParameters] Request r, long? officeholderId)
    {
        var department = await r.Access.DepartmentAsync(r.User, r.Ct);
        var all = await r.Queries.ListAsync(department, officeholderId, r.Ct);
        var visible = new List<ReadOutState>();
        foreach (var ro in all)
        {
            if (await r.Access.ViewAsync(r.User, ro, r.Ct) != ReadOutView.None) visible.Add(ro);
        }
        // Officeholders and trustees see read-outs outside a department filter: their own, while offered.
        if (department is not null && (r.User.IsInRole(Domain.Registry.Roles.Officeholder) || r.User.IsInRole(Domain.Registry.Roles.Trustee)))
        {
            foreach (var oh in r.User.Officeholders)
            {
                foreach (var ro in await r.Queries.ListAsync(null, oh, r.Ct))
                {
                    if (visible.All(v => v.Id != ro.Id) && await r.Access.ViewAsync(r.User, ro, r.Ct) != ReadOutView.None) visible.Add(ro);
                }
            }
        }
        return TypedResults.Ok<IReadOnlyList<ReadOutState>>(visible);
    }

    private static async Task<Results<Ok<ReadOutState>, ProblemHttpResult>> Get([AsParameters] Request r, long id)
    {
        var (ro, _, problem) = await OpenAsync(r, id);
        return problem ?? (Results<Ok<ReadOutState>, ProblemHttpResult>)TypedResults.Ok(ro!);
    }

    /// <summary>The largest upload (all files of one request together): 2 GiB, as a full phone export can be.</summary>
    public const long MaxUploadBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>POST multipart/form-data: one or more <c>files</c>, and <c>channel</c> (one for all, or one per file in order).</summary>
    private static async Task<Results<Ok<UploadResult>, ProblemHttpResult>> Upload([AsParameters] Request r, long id)
    {
        var (ro, view, problem) = await OpenAsync(r, id);
        if (problem is not null) return problem;
        if (view != ReadOutView.Professional) return ReadOutProblems.Forbidden("Alleen de informatieprofessional van het departement uploadt de export van een uitlezing.");
        if (!r.Http.Request.HasFormContentType)
        {
            return ReadOutProblems.BadRequest("Stuur de export als multipart/form-data met het veld 'files' (een of meer bestanden) en 'channel' (bijvoorbeeld whatsapp).");
        }
        // Files above 64 KiB are buffered to a temporary file by ASP.NET Core, never held in memory whole.
        IFormCollection form;
        try
        {
            form = await r.Http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = MaxUploadBytes }, r.Ct);
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
        {
            // A body sent without a length that turned out larger than the limit (counted while it streamed to disk).
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Aanvraag te groot",
                detail: $"De export is groter dan {MaxUploadBytes / (1024 * 1024 * 1024)} GB, het maximum voor een upload. Er is niets opgeslagen. Maak op de telefoon een export zonder media (de app biedt die keuze) en upload die.");
        }
        if (form.Files.Count == 0) return ReadOutProblems.BadRequest("Er is geen bestand meegestuurd. Voeg de export toe in het veld 'files'.");
        var channels = form["channel"];
        var streams = new List<Stream>();
        try
        {
            var uploads = new List<ExportUpload>();
            for (var i = 0; i < form.Files.Count; i++)
            {
                var file = form.Files[i];
                var channel = channels.Count == form.Files.Count ? channels[i] : channels.Count == 1 ? channels[0] : null;
                var stream = file.OpenReadStream();
                streams.Add(stream);
                uploads.Add(new ExportUpload(file.FileName, channel ?? "", stream, form["format"].Count == 1 ? form["format"][0] : null));
            }
            var result = await Guard(() => r.Service.RegisterUploadsAsync(id, uploads, ReadOutAccess.Professional(r.User), r.Ct));
            await r.Http.AuditAsync(AuditActions.ExportUpload, "read-out", Id(id), result.Problem is null);
            if (result.Problem is not null) return result.Problem;
            await r.Signals.UploadCompletedAsync(result.Value!.ReadOut, r.Ct);
            return TypedResults.Ok(result.Value!);
        }
        finally
        {
            foreach (var s in streams) await s.DisposeAsync();
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<ConversationResponse>>, ProblemHttpResult>> Conversations([AsParameters] Request r, long id)
    {
        var (_, view, problem) = await OpenAsync(r, id);
        if (problem is not null) return problem;
        if (view == ReadOutView.Validator) return ReadOutProblems.Forbidden("Als bewindspersoon of vertrouwenspersoon ziet u alleen de berichten die u ter validatie zijn aangeboden: /api/read-outs/{id}/validation.");
        var list = await r.Queries.ConversationsAsync(id, r.Ct);
        var titles = view == ReadOutView.Professional;
        return TypedResults.Ok<IReadOnlyList<ConversationResponse>>(list.Select(c =>
            new ConversationResponse(c.Id, titles ? c.Title : null, c.IsGroup, c.Messages, c.Undecided, c.Marked, c.SpecialCategory)).ToList());
    }

    /// <summary>GET ?page=1&amp;pageSize=100&amp;suggested=private&amp;specialCategory=true&amp;undecided=true&amp;contact=…&amp;q=…&amp;conversationId=…</summary>
    private static async Task<Results<Ok<MessagePageResponse>, ProblemHttpResult>> Messages([AsParameters] Request r, long id,
        int? page, int? pageSize, string? suggested, bool? specialCategory, bool? undecided, string? contact, string? q, long? conversationId)
    {
        var (_, view, problem) = await OpenAsync(r, id);
        if (problem is not null) return problem;
        MessageLabel? label = null;
        if (suggested is not null)
        {
            if (!MessageLabels.TryParse(suggested, out var parsed))
            {
                return ReadOutProblems.BadRequest($"Onbekend label '{suggested}'. Kies business, private of party-political.");
            }
            label = parsed;
        }
        if (pageSize is < 1 or > ReadOutQueries.MaxPageSize) return ReadOutProblems.BadRequest($"pageSize moet tussen 1 en {ReadOutQueries.MaxPageSize} liggen.");
        if (page is < 1) return ReadOutProblems.BadRequest("page begint bij 1.");
        var query = new MessageQuery(page ?? 1, pageSize ?? 100, label, specialCategory, undecided, contact, q, conversationId,
            AwaitingValidation: view == ReadOutView.Validator ? true : null, IncludeText: view is ReadOutView.Professional or ReadOutView.Validator);
        if (view == ReadOutView.Overview && (q is not null || contact is not null))
        {
            return ReadOutProblems.Forbidden("Zoeken op tekst of contact kan alleen de informatieprofessional: u ziet geen berichtinhoud.");
        }
        var messages = await r.Queries.MessagesAsync(id, query, r.Ct);
        // Durable before the answer leaves; the flush overlaps writing the JSON.
        if (query.IncludeText && messages.Items.Count > 0) r.Http.AuditBeforeAnswer(AuditActions.ContentRead, "read-out", ContentObject(id, conversationId));
        return TypedResults.Ok(ToResponse(messages, view));
    }

    /// <summary>The object of a content read: the read-out, or the read-out and the conversation opened ("12/conversation/34").</summary>
    public static string ContentObject(long readOutId, long? conversationId) =>
        conversationId is { } c ? $"{Id(readOutId)}/conversation/{Id(c)}" : Id(readOutId);

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Results<Ok<DecisionResult>, ProblemHttpResult>> Decide([AsParameters] Request r, long id, DecisionBody body)
    {
        var (_, view, problem) = await OpenAsync(r, id);
        if (problem is not null) return problem;
        if (view != ReadOutView.Professional) return ReadOutProblems.Forbidden("Alleen de informatieprofessional van het departement beoordeelt berichten (Handreiking §2.2.2 stap 4).");
        if (!TryScope(body.Scope, out var scope)) return ReadOutProblems.BadRequest("Kies 'scope': message (één bericht), conversation (een heel gesprek) of contact (alle berichten met een contact).");
        MessageLabel? label = null;
        if (body.Label is not null)
        {
            if (!MessageLabels.TryParse(body.Label, out var parsed)) return ReadOutProblems.BadRequest($"Onbekend label '{body.Label}'. Kies business, private of party-political.");
            label = parsed;
        }
        // The event rides in the write's own transaction (recorded by its commit); AuditAsync below records a refusal.
        var result = await Armed(r, () => Guard(() => r.Service.DecideAsync(id, new DecisionRequest(scope, body.Target ?? "", label, body.Note, ReadOutAccess.Professional(r.User)), r.Ct)), AuditActions.ReviewDecision, "read-out", Id(id));
        await r.Http.AuditAsync(AuditActions.ReviewDecision, "read-out", Id(id), result.Problem is null);
        return result.Problem ?? (Results<Ok<DecisionResult>, ProblemHttpResult>)TypedResults.Ok(result.Value!);
    }

    private static async Task<Results<Ok<ReadOutState>, ProblemHttpResult>> Offer([AsParameters] Request r, long id, OfferBody? body)
    {
        var (_, view, problem) = await OpenAsync(r, id);
        if (problem is not null) return problem;
        if (view != ReadOutView.Professional) return ReadOutProblems.Forbidden("Alleen de informatieprofessional van het departement biedt berichten aan ter validatie (Handreiking §2.2.2 stap 5).");
        // The event rides in the write's own transaction (recorded by its commit); AuditAsync below records a refusal.
        var result = await Armed(r, () => Guard(() => r.Service.OfferForValidationAsync(id, ReadOutAccess.Professional(r.User), body?.Deadline, r.Ct)), AuditActions.OfferForValidation, "read-out", Id(id));
        await r.Http.AuditAsync(AuditActions.OfferForValidation, "read-out", Id(id), result.Problem is null);
        if (result.Problem is not null) return result.Problem;
        await r.Signals.ReviewOfferedAsync(result.Value!, r.Ct);
        return TypedResults.Ok(result.Value!);
    }

    private static async Task<Results<Ok<MessagePageResponse>, ProblemHttpResult>> ValidationList([AsParameters] Request r, long id, int? page, int? pageSize)
    {
        var (_, view, problem) = await OpenAsync(r, id);
        if (problem is not null) return problem;
        if (view is not (ReadOutView.Validator or ReadOutView.Professional or ReadOutView.Overview)) return ReadOutProblems.NotFound(id);
        var query = new MessageQuery(page ?? 1, Math.Clamp(pageSize ?? 100, 1, ReadOutQueries.MaxPageSize), AwaitingValidation: true,
            IncludeText: view is ReadOutView.Professional or ReadOutView.Validator);
        var messages = await r.Queries.MessagesAsync(id, query, r.Ct);
        if (query.IncludeText && messages.Items.Count > 0) r.Http.AuditBeforeAnswer(AuditActions.ContentRead, "read-out", Id(id) + "/validation");
        return TypedResults.Ok(ToResponse(messages, view));
    }

    private static async Task<Results<Ok<ValidationResult>, ProblemHttpResult>> Validate([AsParameters] Request r, long id, ValidationBody body)
    {
        var (ro, _, problem) = await OpenAsync(r, id, allowValidatorOutsideOffer: true);
        if (problem is not null) return problem;
        var actor = await r.Access.ValidatorActorAsync(r.User, ro!, r.Ct);
        if (actor is null)
        {
            return ReadOutProblems.Forbidden("Alleen de bewindspersoon zelf of een voor deze bewindspersoon geregistreerde vertrouwenspersoon valideert deze berichten (Handreiking §2.2.2 stap 6).");
        }
        var verdicts = (body.Verdicts ?? []).Select(v => new MessageVerdict(v.MessageId, v.Agrees, v.Note)).ToList();
        // The event rides in the write's own transaction (recorded by its commit); AuditAsync below records a refusal.
        var result = await Armed(r, () => Guard(() => r.Service.ValidateAsync(id, new ValidationRequest(verdicts, actor), r.Ct)), AuditActions.Validation, "read-out", Id(id));
        await r.Http.AuditAsync(AuditActions.Validation, "read-out", Id(id), result.Problem is null);
        if (result.Problem is not null) return result.Problem;
        if (result.Value!.Outcome != ValidationOutcome.Pending) await r.Signals.ValidationSubmittedAsync(result.Value.ReadOut, result.Value.Outcome, r.Ct);
        return TypedResults.Ok(result.Value);
    }

    private static async Task<Results<Ok<IReadOnlyList<FindingView>>, ProblemHttpResult>> Findings([AsParameters] Request r, long id)
    {
        var (_, view, problem) = await OpenAsync(r, id);
        if (problem is not null) return problem;
        if (view == ReadOutView.Validator) return ReadOutProblems.Forbidden("De bevindingen van een uitlezing behandelt de informatieprofessional.");
        return TypedResults.Ok(await r.Queries.FindingsAsync(id, r.Ct));
    }

    private static async Task<Results<Ok<FindingView>, ProblemHttpResult>> AnswerFinding([AsParameters] Request r, long id, long findingId, FindingBody body)
    {
        var (_, view, problem) = await OpenAsync(r, id);
        if (problem is not null) return problem;
        if (view != ReadOutView.Professional) return ReadOutProblems.Forbidden("Alleen de informatieprofessional van het departement legt vast wat er met een bevinding is gedaan.");
        if (!Enum.TryParse<FindingResolution>(body.Resolution, ignoreCase: true, out var resolution) || int.TryParse(body.Resolution, out _))
        {
            return ReadOutProblems.BadRequest("Kies bij 'resolution': Discussed (besproken met de bewindspersoon), Explained (verklaard) of Escalated (geëscaleerd).");
        }
        // The event rides in the write's own transaction (recorded by its commit); AuditAsync below records a refusal.
        var result = await Armed(r, () => Guard(() => r.Service.AnswerFindingAsync(id, findingId, new FindingAnswer(resolution, body.Note ?? "", ReadOutAccess.Professional(r.User)), r.Ct)), AuditActions.FindingAnswer, "finding", $"{Id(id)}/{Id(findingId)}");
        await r.Http.AuditAsync(AuditActions.FindingAnswer, "finding", $"{Id(id)}/{Id(findingId)}", result.Problem is null);
        if (result.Problem is not null) return result.Problem;
        var state = await r.Service.GetAsync(id, r.Ct);
        if (state is { OpenFindings: 0 }) await r.Signals.FindingsAnsweredAsync(state, r.Ct);
        return TypedResults.Ok(result.Value!);
    }

    // ---- checklists ---------------------------------------------------------------------------------------------

    private static async Task<Results<Ok<ChecklistView>, ProblemHttpResult>> Checklist([AsParameters] Request r, long id)
    {
        var list = await r.Checklists.GetAsync(id, r.Ct);
        if (list is null || !await r.Access.MaySeeChecklistAsync(r.User, list, r.Ct)) return ReadOutProblems.NotFoundChecklist(id);
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<ChecklistView>, ProblemHttpResult>> AnswerChecklist([AsParameters] Request r, long id, ChecklistBody body)
    {
        var list = await r.Checklists.GetAsync(id, r.Ct);
        if (list is null || !await r.Access.MaySeeChecklistAsync(r.User, list, r.Ct)) return ReadOutProblems.NotFoundChecklist(id);
        var actor = await r.Access.ChecklistActorAsync(r.User, list, r.Ct);
        if (actor is null) return ReadOutProblems.Forbidden("Deze checklist is aan iemand anders toegewezen. Alleen de aangewezen persoon beantwoordt de punten.");
        var answers = (body.Answers ?? []).Select(a => new ChecklistAnswer(a.ItemKey, a.Confirmed, a.Reason)).ToList();
        // The event rides in the write's own transaction (recorded by its commit); AuditAsync below records a refusal.
        var result = await Armed(r, () => Guard(() => r.Checklists.AnswerAsync(id, answers, actor, body.Complete, r.Ct)), AuditActions.ChecklistAnswer, "checklist", Id(id));
        await r.Http.AuditAsync(AuditActions.ChecklistAnswer, "checklist", Id(id), result.Problem is null);
        if (result.Problem is not null) return result.Problem;
        if (result.Value!.Completed) await r.Signals.ChecklistCompletedAsync(result.Value, r.Ct);
        return TypedResults.Ok(result.Value);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /// <summary>Runs a write with its audit event armed to ride in the write's own transaction (AuditHttp.ArmInTransaction).</summary>
    private static async Task<T> Armed<T>(Request r, Func<Task<T>> write, string action, string objectType, string objectId)
    {
        using var armed = r.Http.ArmInTransaction(action, objectType, objectId);
        return await write();
    }

    /// <summary>The read-out and what the caller sees of it; a read-out the caller may not see answers 404, as if it did not exist.</summary>
    private static async Task<(ReadOutState? ReadOut, ReadOutView View, ProblemHttpResult? Problem)> OpenAsync(Request r, long id, bool allowValidatorOutsideOffer = false)
    {
        var ro = await r.Service.GetAsync(id, r.Ct);
        if (ro is null) return (null, ReadOutView.None, ReadOutProblems.NotFound(id));
        var view = await r.Access.ViewAsync(r.User, ro, r.Ct);
        if (view == ReadOutView.None)
        {
            // A validator after the offer ended still gets the service's own Dutch answer (out of order), not a 404.
            if (allowValidatorOutsideOffer && r.User.Officeholders.Contains(ro.OfficeholderId)) return (ro, view, null);
            return (null, view, ReadOutProblems.NotFound(id));
        }
        return (ro, view, null);
    }

    private static async Task<(T? Value, ProblemHttpResult? Problem)> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return (await call(), null);
        }
        catch (ReadOutException e)
        {
            return (default, ReadOutProblems.From(e));
        }
    }

    private static bool TryScope(string? text, out DecisionScope scope)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "message" or "bericht": scope = DecisionScope.Message; return true;
            case "conversation" or "gesprek": scope = DecisionScope.Conversation; return true;
            case "contact": scope = DecisionScope.Contact; return true;
            default: scope = default; return false;
        }
    }

    private static MessagePageResponse ToResponse(MessagePage page, ReadOutView view) =>
        new(page.Total, page.Page, page.PageSize, page.Items.Select(m => new MessageResponse(
            m.Id, m.ConversationId, view == ReadOutView.Overview ? null : m.Contact, m.Sender, m.SentAt, m.Text, MessageLabels.ToWire(m.SuggestedLabel), m.Confidence,
            view == ReadOutView.Overview ? [] : m.Reasons, m.Categories, m.Categories.Count > 0, m.Status, m.Label is { } l ? MessageLabels.ToWire(l) : null,
            view == ReadOutView.Overview ? null : m.Note, m.ValidationAgrees, view == ReadOutView.Overview ? null : m.ValidationNote, m.FinalState)).ToList());
}
