using ChatArchive.Classification.Decisions;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Audit;
using ChatArchive.Server.Auth;
using ChatArchive.Server.ReadOuts;
using ChatArchive.Web;

namespace ChatArchive.Server.Web;

/// <summary>The pages' access to read-outs and checklists: a thin adapter over <see cref="ReadOutAccess"/>, the API's own rules.</summary>
public sealed class WebReadOutAccess(ReadOutAccess access) : IReadOutWebAccess
{
    public async Task<ReadOutPageView> ViewAsync(HttpContext http, ReadOutState readOut, CancellationToken ct) =>
        await access.ViewAsync(http.GetCurrentUser(), readOut, ct) switch
        {
            ReadOutView.Professional => ReadOutPageView.Professional,
            ReadOutView.Validator => ReadOutPageView.Validator,
            ReadOutView.Overview => ReadOutPageView.Overview,
            _ => ReadOutPageView.None,
        };

    public Task<long?> DepartmentAsync(HttpContext http, CancellationToken ct) => access.DepartmentAsync(http.GetCurrentUser(), ct);

    public Task<Actor?> ValidatorActorAsync(HttpContext http, ReadOutState readOut, CancellationToken ct) =>
        access.ValidatorActorAsync(http.GetCurrentUser(), readOut, ct);

    public Actor Professional(HttpContext http) => ReadOutAccess.Professional(http.GetCurrentUser());

    public Task<bool> MaySeeChecklistAsync(HttpContext http, ChecklistView checklist, CancellationToken ct) =>
        access.MaySeeChecklistAsync(http.GetCurrentUser(), checklist, ct);

    public Task<Actor?> ChecklistActorAsync(HttpContext http, ChecklistView checklist, CancellationToken ct) =>
        access.ChecklistActorAsync(http.GetCurrentUser(), checklist, ct);

    /// <summary>Recorded before the page leaves the server; the journal's flush overlaps the page's rendering (AuditBeforeAnswer).</summary>
    public Task ContentShownAsync(HttpContext http, long readOutId, long? conversationId, bool validation, CancellationToken ct)
    {
        http.AuditBeforeAnswer(Persistence.Audit.AuditActions.ContentRead, "read-out",
            validation ? ReadOutApi.ContentObject(readOutId, null) + "/validation" : ReadOutApi.ContentObject(readOutId, conversationId));
        return Task.CompletedTask;
    }
}

/// <summary>Registers the adapter and lets the upload page take large bodies (the configured maximum).</summary>
public static class WebReadOutSetup
{
    public static IServiceCollection AddChatArchiveWebReadOuts(this IServiceCollection services)
    {
        services.AddSingleton<IReadOutWebAccess, WebReadOutAccess>();
        // The page's own filter (UploadSizeLimitAttribute) enforces the configured maximum with a Dutch HTML refusal;
        // the request checks must let the body through to it, so they get no smaller limit here.
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.AddPageApplicationModelConvention("/Uitlezingen/Upload", m =>
                m.EndpointMetadata.Add(new Security.HttpHardening.LargeUpload(long.MaxValue))));
        return services;
    }
}
