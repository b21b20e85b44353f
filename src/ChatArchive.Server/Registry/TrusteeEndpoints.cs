using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Registry;

/// <summary>Trustees (vertrouwenspersonen) who validate on an officeholder's behalf (Handreiking §2.2.2 steps 5–6).</summary>
public static class TrusteeEndpoints
{
    public sealed record TrusteeResponse(long Id, long OfficeholderId, long? UserId, string DisplayName, DateOnly StartsOn, DateOnly? EndsOn, int Version);

    public sealed record TrusteeRequest(long? UserId, string? DisplayName, string? StartsOn, string? EndsOn, int? Version);

    public static void MapTrustees(RouteGroupBuilder api)
    {
        api.MapGet("/officeholders/{officeholderId:long}/trustees", ([AsParameters] RegistryRequest r, long officeholderId, int? page, int? pageSize) =>
            OfficeholderChildEndpoints.ListAsync<Trustee, TrusteeResponse>(r, officeholderId, page, pageSize, ToResponse)).WithTags("Vertrouwenspersonen");
        api.MapPost("/officeholders/{officeholderId:long}/trustees", ([AsParameters] RegistryRequest r, long officeholderId, TrusteeRequest request) =>
            OfficeholderChildEndpoints.CreateAsync(r, officeholderId, "/api/trustees", (e, db, o) => ValidateAsync(e, db, o, request, null, r.Cancellation), ToResponse)).WithTags("Vertrouwenspersonen");
        api.MapGet("/trustees/{id:long}", ([AsParameters] RegistryRequest r, long id) =>
            OfficeholderChildEndpoints.GetAsync<Trustee, TrusteeResponse>(r, id, "Vertrouwenspersoon", ToResponse)).WithTags("Vertrouwenspersonen");
        api.MapPut("/trustees/{id:long}", ([AsParameters] RegistryRequest r, long id, TrusteeRequest request) =>
            OfficeholderChildEndpoints.UpdateAsync<Trustee, TrusteeResponse>(r, id, request.Version, "Vertrouwenspersoon",
                (e, db, o, trustee) => ValidateAsync(e, db, o, request, trustee, r.Cancellation), ToResponse)).WithTags("Vertrouwenspersonen");
    }

    private static async Task<Trustee?> ValidateAsync(FieldErrors errors, ChatArchiveDbContext db, Officeholder officeholder, TrusteeRequest request, Trustee? target, CancellationToken ct)
    {
        var before = errors.Count;
        var name = errors.Required("displayName", request.DisplayName, "de omschrijving van de vertrouwenspersoon (bijvoorbeeld Vertrouwenspersoon Minister van Defensie)");
        var starts = errors.RequiredDate("startsOn", request.StartsOn, "de begindatum");
        var ends = errors.OptionalDate("endsOn", request.EndsOn, "de einddatum");
        errors.Period("endsOn", starts, ends, "de aanwijzing");
        if (request.UserId is { } userId)
        {
            var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
            if (user is null || user.DepartmentId != officeholder.DepartmentId)
            {
                errors.Add("userId", $"Gebruiker {userId} bestaat niet in het departement van deze bewindspersoon.");
            }
            else if (!user.Roles.Contains(Roles.Trustee))
            {
                errors.Add("userId", "Deze gebruiker heeft niet de rol vertrouwenspersoon. Geef de gebruiker eerst die rol.");
            }
            else if (user.OfficeholderId == officeholder.Id)
            {
                // Four eyes (Handreiking §2.2.2 step 6): the validator is never the officeholder themselves.
                errors.Add("userId", "Een bewindspersoon kan niet zijn eigen vertrouwenspersoon zijn.");
            }
        }
        if (errors.Count != before) return null;
        var trustee = target ?? new Trustee();
        trustee.UserId = request.UserId;
        trustee.DisplayName = name!;
        trustee.StartsOn = starts!.Value;
        trustee.EndsOn = ends;
        return trustee;
    }

    private static TrusteeResponse ToResponse(Trustee t) => new(t.Id, t.OfficeholderId, t.UserId, t.DisplayName, t.StartsOn, t.EndsOn, t.Version);
}
