using ChatArchive.Domain.Registry;

namespace ChatArchive.Server.Registry;

/// <summary>
/// Private and party-political contacts registered at onboarding so their conversations are
/// excluded automatically (Handreiking §2.2.2). Third-party personal data: only managing roles and
/// the officeholder or trustee see them (<see cref="RegistryScope.MaySeeContacts"/>); never logged.
/// </summary>
public static class ContactEndpoints
{
    public sealed record ContactResponse(long Id, long OfficeholderId, string DisplayName, string? PhoneNumber, ContactMarking Marking, int Version);

    public sealed record ContactRequest(string? DisplayName, string? PhoneNumber, string? Marking, int? Version);

    public static void MapContacts(RouteGroupBuilder api)
    {
        api.MapGet("/officeholders/{officeholderId:long}/contacts", ([AsParameters] RegistryRequest r, long officeholderId, int? page, int? pageSize) =>
            OfficeholderChildEndpoints.ListAsync<Contact, ContactResponse>(r, officeholderId, page, pageSize, ToResponse, (s, o) => s.MaySeeContacts(o))).WithTags("Contacten");
        api.MapPost("/officeholders/{officeholderId:long}/contacts", ([AsParameters] RegistryRequest r, long officeholderId, ContactRequest request) =>
            OfficeholderChildEndpoints.CreateAsync(r, officeholderId, "/api/contacts", (e, _, _) => Task.FromResult(Validate(e, request, null)), ToResponse)).WithTags("Contacten");
        api.MapGet("/contacts/{id:long}", ([AsParameters] RegistryRequest r, long id) =>
            OfficeholderChildEndpoints.GetAsync<Contact, ContactResponse>(r, id, "Contact", ToResponse, (s, o) => s.MaySeeContacts(o))).WithTags("Contacten");
        api.MapPut("/contacts/{id:long}", ([AsParameters] RegistryRequest r, long id, ContactRequest request) =>
            OfficeholderChildEndpoints.UpdateAsync<Contact, ContactResponse>(r, id, request.Version, "Contact",
                (e, _, _, contact) => { Validate(e, request, contact); return Task.CompletedTask; }, ToResponse)).WithTags("Contacten");
    }

    private static Contact? Validate(FieldErrors errors, ContactRequest request, Contact? target)
    {
        var before = errors.Count;
        var name = errors.Required("displayName", request.DisplayName, "de naam van het contact zoals in het adresboek", 200);
        var phone = errors.PhoneNumber("phoneNumber", request.PhoneNumber, required: false);
        var marking = errors.RequiredEnum<ContactMarking>("marking", request.Marking, "de markering (privé of partijpolitiek)");
        if (errors.Count != before) return null;
        var contact = target ?? new Contact();
        contact.DisplayName = name!;
        contact.PhoneNumber = phone;
        contact.Marking = marking!.Value;
        return contact;
    }

    private static ContactResponse ToResponse(Contact c) => new(c.Id, c.OfficeholderId, c.DisplayName, c.PhoneNumber, c.Marking, c.Version);
}
