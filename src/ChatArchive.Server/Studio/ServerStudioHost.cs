using System.Security.Claims;
using ChatArchive.Persistence;
using ChatArchive.Server.Audit;
using ChatArchive.Server.Auth;
using ChatArchive.Workflows.Api;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Studio;

/// <summary>What the Studio API (ChatArchive.Workflows.Api) needs from this server: the signed-in user, department codes, audit.</summary>
public sealed class ServerStudioHost(IDbContextFactory<ChatArchiveDbContext> dbFactory) : IStudioHost
{
    public StudioUser? CurrentUser(ClaimsPrincipal principal) =>
        Auth.CurrentUser.FromPrincipal(principal) is { } user ? new StudioUser(user.UserId, user.Roles, user.Department) : null;

    public async Task<IReadOnlyList<string>> DepartmentCodesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Domain.Registry.Department>().Select(d => d.Code).ToListAsync(ct);
    }

    public Task AuditAsync(HttpContext context, string action, string objectType, string? objectId, bool success = true) =>
        context.AuditAsync(action, objectType, objectId, success);
}
