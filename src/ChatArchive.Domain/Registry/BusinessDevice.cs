namespace ChatArchive.Domain.Registry;

/// <summary>
/// A business phone or tablet issued to an officeholder (Handreiking §2.2.2: a separate business
/// device, its type and the chat apps in use are inventoried at onboarding).
/// </summary>
public sealed class BusinessDevice : IOfficeholderRecord
{
    public long Id { get; set; }

    public long OfficeholderId { get; set; }

    public DevicePlatform Platform { get; set; }

    /// <summary>Phone number in E.164 form (+316…); personal data, never logged.</summary>
    public string PhoneNumber { get; set; } = "";

    /// <summary>Chat apps in use on the device, e.g. whatsapp, signal (lower-case names).</summary>
    public List<string> ChatApps { get; set; } = [];

    public DateOnly IssuedOn { get; set; }

    public DateOnly? ReturnedOn { get; set; }

    public int Version { get; set; } = 1;
}
