using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Registry;

/// <summary>Services every registry handler needs, bundled ([AsParameters]) so the route list stays short.</summary>
public sealed record RegistryRequest(
    IDbContextFactory<ChatArchiveDbContext> DbFactory,
    HttpContext Http,
    ILoggerFactory LoggerFactory,
    TimeProvider Clock,
    CancellationToken Cancellation)
{
    public ILogger Logger => LoggerFactory.CreateLogger("ChatArchive.Registry");

    /// <summary>A context plus the caller's scope; dispose the context.</summary>
    public async Task<(ChatArchiveDbContext Db, RegistryScope Scope)> OpenAsync()
    {
        var db = await DbFactory.CreateDbContextAsync(Cancellation);
        try
        {
            return (db, await RegistryScope.ForAsync(db, Http.GetCurrentUser(), Cancellation));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}
