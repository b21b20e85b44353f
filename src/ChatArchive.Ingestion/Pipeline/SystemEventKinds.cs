using ChatArchive.Domain.Messages;

namespace ChatArchive.Ingestion.Pipeline;

/// <summary>The stable wire names of <see cref="SystemEventKind"/> (issue 3 §7: <c>disappearing-on</c>, <c>encryption-notice</c>, …).</summary>
public static class SystemEventKinds
{
    public static string ToWire(SystemEventKind kind) => kind switch
    {
        SystemEventKind.EncryptionNotice => "encryption-notice",
        SystemEventKind.GroupCreated => "group-created",
        SystemEventKind.GroupRenamed => "group-renamed",
        SystemEventKind.MemberAdded => "member-added",
        SystemEventKind.MemberJoined => "member-joined",
        SystemEventKind.MemberLeft => "member-left",
        SystemEventKind.MemberRemoved => "member-removed",
        SystemEventKind.NumberChanged => "number-changed",
        SystemEventKind.DisappearingOn => "disappearing-on",
        SystemEventKind.DisappearingOff => "disappearing-off",
        SystemEventKind.ViewOnce => "view-once",
        _ => "other",
    };

    public static SystemEventKind FromWire(string wire) =>
        Enum.GetValues<SystemEventKind>().FirstOrDefault(k => ToWire(k) == wire);
}
