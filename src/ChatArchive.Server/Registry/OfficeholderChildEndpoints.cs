using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Registry;

/// <summary>
/// The shared shape of the onboarding inventory (Handreiking §2.2.2): devices, accounts, contacts and
/// trustees all hang under one officeholder, are listed under /api/officeholders/{id}/…, and read and
/// changed under /api/…/{id}. Each concrete resource supplies validation and mapping.
/// </summary>
internal static class OfficeholderChildEndpoints
{
    /// <summary>Lists the children of one officeholder the caller may see.</summary>
    public static async Task<Results<Ok<Page<TResponse>>, ProblemHttpResult>> ListAsync<TEntity, TResponse>(
        RegistryRequest r, long officeholderId, int? page, int? pageSize, Func<TEntity, TResponse> map,
        Func<RegistryScope, Officeholder, bool>? mayRead = null, Func<RegistryScope, IQueryable<TEntity>, IQueryable<TEntity>>? visibleRows = null)
        where TEntity : class, IOfficeholderRecord
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var officeholder = await OfficeholderEndpoints.FindVisibleAsync(db, scope, officeholderId, r.Cancellation);
        if (officeholder is null) return RegistryResults.NotFound($"Bewindspersoon {officeholderId}");
        if (mayRead is not null && !mayRead(scope, officeholder)) return RegistryResults.Forbidden("Deze gegevens zijn alleen zichtbaar voor wie de bewindspersoon ondersteunt.");
        var query = db.Set<TEntity>().AsNoTracking().Where(c => c.OfficeholderId == officeholderId);
        if (visibleRows is not null) query = visibleRows(scope, query);
        var paging = PageRequest.From(page, pageSize);
        var total = await query.CountAsync(r.Cancellation);
        var rows = await query.OrderBy(c => c.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(r.Cancellation);
        return TypedResults.Ok(new Page<TResponse>(rows.Select(map).ToList(), paging.Number, paging.Size, total));
    }

    public static async Task<Results<Ok<TResponse>, ProblemHttpResult>> GetAsync<TEntity, TResponse>(
        RegistryRequest r, long id, string what, Func<TEntity, TResponse> map,
        Func<RegistryScope, Officeholder, bool>? mayRead = null, Func<RegistryScope, IQueryable<TEntity>, IQueryable<TEntity>>? visibleRows = null)
        where TEntity : class, IOfficeholderRecord
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var (entity, officeholder) = await FindAsync<TEntity>(db, scope, id, r.Cancellation, tracked: false);
        if (entity is null || officeholder is null) return RegistryResults.NotFound($"{what} {id}");
        if (mayRead is not null && !mayRead(scope, officeholder)) return RegistryResults.NotFound($"{what} {id}");
        if (visibleRows is not null && !visibleRows(scope, new[] { entity }.AsQueryable()).Any()) return RegistryResults.NotFound($"{what} {id}");
        return TypedResults.Ok(map(entity));
    }

    /// <summary>Creates a child: validate (returns null with field errors), check the caller may manage, store in one statement.</summary>
    public static async Task<Results<Created<TResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync<TEntity, TResponse>(
        RegistryRequest r, long officeholderId, string route, Func<FieldErrors, ChatArchiveDbContext, Officeholder, Task<TEntity?>> validate,
        Func<TEntity, TResponse> map) where TEntity : class, IOfficeholderRecord
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var officeholder = await OfficeholderEndpoints.FindVisibleAsync(db, scope, officeholderId, r.Cancellation);
        if (officeholder is null) return RegistryResults.NotFound($"Bewindspersoon {officeholderId}");
        var errors = new FieldErrors();
        var entity = await validate(errors, db, officeholder);
        if (errors.Any || entity is null) return RegistryResults.Invalid(errors);
        if (!scope.MayManage(officeholder.DepartmentId)) return RegistryResults.Forbidden("U kunt de inventarisatie van deze bewindspersoon niet wijzigen.");
        entity.OfficeholderId = officeholderId;
        db.Add(entity);
        await db.SaveChangesAsync(r.Cancellation);
        r.Logger.LogInformation("{Kind} {Id} created for officeholder {OfficeholderId}", typeof(TEntity).Name, entity.Id, officeholderId);
        return TypedResults.Created($"{route}/{entity.Id}", map(entity));
    }

    /// <summary>Updates a child: <paramref name="apply"/> validates and copies fields onto the tracked entity.</summary>
    public static async Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync<TEntity, TResponse>(
        RegistryRequest r, long id, int? version, string what, Func<FieldErrors, ChatArchiveDbContext, Officeholder, TEntity, Task> apply,
        Func<TEntity, TResponse> map) where TEntity : class, IOfficeholderRecord
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var (entity, officeholder) = await FindAsync<TEntity>(db, scope, id, r.Cancellation, tracked: true);
        if (entity is null || officeholder is null) return RegistryResults.NotFound($"{what} {id}");
        var errors = new FieldErrors();
        var readVersion = VersionCheck.Required(errors, version);
        await apply(errors, db, officeholder, entity);
        if (errors.Any) return RegistryResults.Invalid(errors);
        if (!scope.MayManage(officeholder.DepartmentId)) return RegistryResults.Forbidden("U kunt de inventarisatie van deze bewindspersoon niet wijzigen.");
        VersionCheck.Apply(db.Entry(entity), readVersion!.Value);
        try
        {
            await db.SaveChangesAsync(r.Cancellation);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RegistryResults.StaleVersion($"{what} {id}");
        }
        r.Logger.LogInformation("{Kind} {Id} updated to version {Version}", typeof(TEntity).Name, entity.Id, entity.Version);
        return TypedResults.Ok(map(entity));
    }

    private static async Task<(TEntity? Entity, Officeholder? Officeholder)> FindAsync<TEntity>(ChatArchiveDbContext db, RegistryScope scope, long id, CancellationToken ct, bool tracked)
        where TEntity : class, IOfficeholderRecord
    {
        var query = db.Set<TEntity>().Where(c => c.Id == id);
        if (!tracked) query = query.AsNoTracking();
        var entity = await query.FirstOrDefaultAsync(ct);
        if (entity is null) return (null, null);
        return (entity, await OfficeholderEndpoints.FindVisibleAsync(db, scope, entity.OfficeholderId, ct));
    }
}
