using ChatArchive.Sealing.Coverage;
using ChatArchive.Workflows.Engine.Activities;

namespace ChatArchive.Persistence.Coverage;

/// <summary>
/// Which part of the report: every department (auditor), one department (process owner), one officeholder.
/// <paramref name="AsOf"/> is the day the report is made for (an open appointment runs until then).
/// <paramref name="DepartmentCode"/> null: every department; otherwise only that one (the caller's scope).
/// </summary>
public sealed record CoverageQuery(DateOnly AsOf, string? DepartmentCode = null, long? OfficeholderId = null);

/// <summary>A department's read-out frequency as its published read-out definition says it; null frequency: at departure only.</summary>
public sealed record ReadOutSchedule(IsoDuration? Frequency, string Text)
{
    public static readonly ReadOutSchedule AtDepartureOnly = new(null, "Geen");

    public DateOnly NextDue(DateOnly after) =>
        Frequency is { } f ? DateOnly.FromDateTime(f.AddTo(new DateTimeOffset(after.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)).DateTime) : DateOnly.MaxValue;

    /// <summary>Rounded days of one period (for display and CSV); null at departure only.</summary>
    public int? Days => Frequency is null ? null : NextDue(new DateOnly(2024, 1, 1)).DayNumber - new DateOnly(2024, 1, 1).DayNumber;
}

/// <summary>Reads the department's schedule (the server and the CLI read the published definition).</summary>
public delegate Task<ReadOutSchedule> ReadOutScheduleSource(string departmentCode, CancellationToken ct);

/// <summary>The channel groups of the CIO Rijk-rapportage 2024 table: chat, e-mail, social media.</summary>
public static class CoverageChannels
{
    public const string Email = "email";
    public const string SocialMedia = "social-media";

    /// <summary>Shown when no chat app is known for an officeholder: the table's chat column must still be filled.</summary>
    public const string Chat = "chat";

    public static bool IsChat(string channel) => channel is not (Email or SocialMedia);

    public static string Group(string channel) => IsChat(channel) ? "chat" : channel;
}

/// <summary>Kinds of gap (stable, kebab-case; the Dutch text goes with each gap).</summary>
public static class GapKinds
{
    /// <summary>Days inside the appointment that no seal and no registration elsewhere covers.</summary>
    public const string NotSecured = "niet-veiliggesteld";

    /// <summary>Read-outs that should have happened between two read-outs, by the department's frequency.</summary>
    public const string MissedReadOut = "uitlezing-gemist";

    /// <summary>The last read-out is longer ago than the frequency allows (up to the report day or the end of the appointment).</summary>
    public const string ReadOutOverdue = "uitlezing-achterstallig";
}

/// <summary>Where a secured period comes from: a sealed package, or coverage registered elsewhere (e-mail server, social media archive).</summary>
public sealed record SecuredSource(string Source, DateOnly From, DateOnly? To, string? Where)
{
    public const string Sealed = "verzegeld";
    public const string Elsewhere = "elders";
}

/// <summary>One gap: kind, channel (null for read-out gaps, which concern the phone), days both inclusive, and a Dutch sentence.</summary>
public sealed record CoverageGap(string Kind, string? Channel, DateOnly From, DateOnly To, int Days, string Description);

/// <summary>Findings of the read-outs that still wait for an answer (counts only; Kamervragen 2024Z13765, antwoord 7).</summary>
public sealed record OpenFindings(int MissingMessages, int DisappearingMessages, int DeletionTombstones)
{
    public static readonly OpenFindings None = new(0, 0, 0);
    public int Total => MissingMessages + DisappearingMessages + DeletionTombstones;
    public OpenFindings Plus(OpenFindings o) => new(MissingMessages + o.MissingMessages, DisappearingMessages + o.DisappearingMessages, DeletionTombstones + o.DeletionTombstones);
}

/// <summary>One channel of one appointment: the merged periods secured (inside the appointment), where they come from, the gaps.</summary>
public sealed record ChannelCoverage(
    string Channel,
    string Group,
    IReadOnlyList<DatePeriod> Secured,
    IReadOnlyList<SecuredSource> Sources,
    IReadOnlyList<CoverageGap> Gaps,
    int SealedPackages,
    OpenFindings OpenFindings)
{
    public DateOnly? SecuredFrom => Secured.Count > 0 ? Secured[0].From : null;
    public DateOnly? SecuredTo => Secured.Count > 0 ? Secured[^1].To : null;
    public int SecuredDays => Secured.Sum(p => p.To.DayNumber - p.From.DayNumber + 1);
}

/// <summary>The phone's read-outs against the department's frequency (Handreiking §2.2.2 stap 2: the agreed read-out moments).</summary>
public sealed record ReadOutTimeliness(
    string FrequencyText,
    int? FrequencyDays,
    int ReadOuts,
    DateOnly? LastReadOut,
    int? DaysSinceLastReadOut,
    DateOnly? NextDue,
    bool Overdue,
    int MissedReadOuts);

/// <summary>
/// One row of the CIO Rijk-rapportage 2024 table: an officeholder's appointment (function, department, from/to) and per
/// channel the periods secured and the gaps inside the appointment, the read-outs against the frequency, open findings.
/// The officeholder is shown by function; the report holds no message text, no contact names, no phone numbers.
/// </summary>
public sealed record AppointmentCoverage(
    long OfficeholderId,
    long AppointmentId,
    string Department,
    string Function,
    DateOnly From,
    DateOnly? To,
    IReadOnlyList<ChannelCoverage> Channels,
    ReadOutTimeliness ReadOuts,
    IReadOnlyList<CoverageGap> Gaps,
    OpenFindings OpenFindings)
{
    /// <summary>Nothing at all secured in any channel during this appointment.</summary>
    public bool NothingSecured => Channels.All(c => c.Secured.Count == 0);
}

public sealed record CoverageReport(DateOnly AsOf, IReadOnlyList<AppointmentCoverage> Appointments)
{
    public int NothingSecured => Appointments.Count(a => a.NothingSecured);
    public int WithGaps => Appointments.Count(a => a.Gaps.Count > 0);
}
