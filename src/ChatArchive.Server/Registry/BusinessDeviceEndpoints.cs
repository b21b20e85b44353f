using System.Text.RegularExpressions;
using ChatArchive.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatArchive.Server.Registry;

/// <summary>Business devices (Handreiking §2.2.2: a separate business phone; its platform and chat apps are inventoried).</summary>
public static partial class BusinessDeviceEndpoints
{
    public sealed record DeviceResponse(long Id, long OfficeholderId, DevicePlatform Platform, string PhoneNumber, IReadOnlyList<string> ChatApps,
        DateOnly IssuedOn, DateOnly? ReturnedOn, int Version);

    public sealed record DeviceRequest(string? Platform, string? PhoneNumber, IReadOnlyList<string>? ChatApps, string? IssuedOn, string? ReturnedOn, int? Version);

    public static void MapBusinessDevices(RouteGroupBuilder api)
    {
        api.MapGet("/officeholders/{officeholderId:long}/devices", ([AsParameters] RegistryRequest r, long officeholderId, int? page, int? pageSize) =>
            OfficeholderChildEndpoints.ListAsync<BusinessDevice, DeviceResponse>(r, officeholderId, page, pageSize, ToResponse)).WithTags("Toestellen");
        api.MapPost("/officeholders/{officeholderId:long}/devices", ([AsParameters] RegistryRequest r, long officeholderId, DeviceRequest request) =>
            OfficeholderChildEndpoints.CreateAsync(r, officeholderId, "/api/devices", (e, _, _) => Task.FromResult(Validate(e, request, null)), ToResponse)).WithTags("Toestellen");
        api.MapGet("/devices/{id:long}", ([AsParameters] RegistryRequest r, long id) =>
            OfficeholderChildEndpoints.GetAsync<BusinessDevice, DeviceResponse>(r, id, "Toestel", ToResponse)).WithTags("Toestellen");
        api.MapPut("/devices/{id:long}", ([AsParameters] RegistryRequest r, long id, DeviceRequest request) =>
            OfficeholderChildEndpoints.UpdateAsync<BusinessDevice, DeviceResponse>(r, id, request.Version, "Toestel",
                (e, _, _, device) => { Validate(e, request, device); return Task.CompletedTask; }, ToResponse)).WithTags("Toestellen");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,29}$")]
    private static partial Regex AppName();

    /// <summary>Validates <paramref name="request"/>; writes onto <paramref name="target"/> (update) or a new device (create).</summary>
    private static BusinessDevice? Validate(FieldErrors errors, DeviceRequest request, BusinessDevice? target)
    {
        var before = errors.Count;
        var platform = errors.RequiredEnum<DevicePlatform>("platform", request.Platform, "het platform van het toestel");
        var phone = errors.PhoneNumber("phoneNumber", request.PhoneNumber, required: true);
        var apps = (request.ChatApps ?? []).Select(a => a?.Trim().ToLowerInvariant() ?? "").ToList();
        if (apps.Count > 20) errors.Add("chatApps", "Geef hoogstens 20 chatapps op.");
        var wrong = apps.Where(a => !AppName().IsMatch(a)).ToList();
        if (wrong.Count > 0) errors.Add("chatApps", "Gebruik voor chatapps korte namen in kleine letters, zoals whatsapp, signal of imessage.");
        var issued = errors.RequiredDate("issuedOn", request.IssuedOn, "de datum van uitgifte");
        var returned = errors.OptionalDate("returnedOn", request.ReturnedOn, "de datum van inleveren");
        errors.Period("returnedOn", issued, returned, "het gebruik van het toestel");
        if (errors.Count != before) return null;
        var device = target ?? new BusinessDevice();
        device.Platform = platform!.Value;
        device.PhoneNumber = phone!;
        device.ChatApps = apps.Distinct().ToList();
        device.IssuedOn = issued!.Value;
        device.ReturnedOn = returned;
        return device;
    }

    private static DeviceResponse ToResponse(BusinessDevice d) =>
        new(d.Id, d.OfficeholderId, d.Platform, d.PhoneNumber, d.ChatApps, d.IssuedOn, d.ReturnedOn, d.Version);
}
