using System.Globalization;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.Coverage;
using DatePeriod = ChatArchive.Sealing.Coverage.DatePeriod;

namespace ChatArchive.Web.Pages.Dekking;

/// <summary>
/// What the coverage pages read; the server implements it (it owns the published definitions and the audit trail),
/// so the pages never decide the frequency or the policy themselves.
/// </summary>
public interface ICoverageWebSource
{
    /// <summary>The coverage report of the CIO Rijk-rapportage 2024 for the scope asked.</summary>
    Task<CoverageReport> ReportAsync(CoverageQuery query, CancellationToken ct);

    /// <summary>Every department (code and name), by code.</summary>
    Task<IReadOnlyList<DepartmentName>> DepartmentsAsync(CancellationToken ct);

    /// <summary>The ADR audit columns per department, read from the department's published read-out definition.</summary>
    Task<IReadOnlyList<PolicyRow>> PoliciesAsync(IReadOnlyList<string> departmentCodes, CancellationToken ct);

    /// <summary>Records in the audit trail that the signed-in user downloaded the report (format "pdf" or "csv") of this view.</summary>
    Task ExportedAsync(Microsoft.AspNetCore.Http.HttpContext http, string format, CoverageQuery view, CancellationToken ct);
}

public sealed record DepartmentName(string Code, string Name);

/// <summary>
/// One department's policy as it actually runs (the ADR audit columns of the CIO Rijk-rapportage 2024):
/// device separation, frequency, exclusion of private/party contacts, cleaning or marking, raw dataset kept; and which
/// published definition says so, since when and who published it (from the audit trail; null when not recorded).
/// </summary>
public sealed record PolicyRow(
    string Department,
    bool DeviceSeparation,
    string FrequencyText,
    bool ExcludePrivateContacts,
    string Cleaning,
    bool KeepRawDataset,
    string DefinitionId,
    int DefinitionVersion,
    bool FromTemplate,
    DateTimeOffset? ChangedAt,
    string? ChangedBy);

/// <summary>Who sees which part of the report: auditors every department, administrators and process owners their own.</summary>
public static class CoverageAccess
{
    public static bool MayRead(WebUser me) =>
        me.IsInRole(Roles.Auditor) || me.IsInRole(Roles.Administrator) || me.IsInRole(Roles.ProcessOwner);

    /// <summary>Null: may choose any department (auditor, government-wide administrator); else the only department.</summary>
    public static string? FixedDepartment(WebUser me) => me.IsInRole(Roles.Auditor) ? null : me.Department;
}

/// <summary>The words and dates of the coverage pages, as the CIO Rijk-rapportage 2024 writes them.</summary>
public static class CoverageWords
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>"10 januari 2022".</summary>
    public static string Date(DateOnly d) => d.ToString("d MMMM yyyy", Dutch);

    public static string Date(DateOnly? d, string none = "–") => d is { } v ? Date(v) : none;

    /// <summary>"10 januari 2022 t/m 2 juli 2024"; several periods joined with "; ".</summary>
    public static string Periods(IReadOnlyList<DatePeriod> periods) =>
        periods.Count == 0 ? "niet veiliggesteld" : string.Join("; ", periods.Select(p => $"{Date(p.From)} t/m {Date(p.To)}"));

    public static string Channel(string channel) => channel switch
    {
        CoverageChannels.Email => "E-mail",
        CoverageChannels.SocialMedia => "Sociale media",
        CoverageChannels.Chat => "Chat (geen app bekend)",
        _ => Uitlezingen.UploadModel.Channel(channel),
    };

    public static string Group(string group) => group switch
    {
        CoverageChannels.Email => "e-mail",
        CoverageChannels.SocialMedia => "sociale media",
        _ => "chat",
    };

    /// <summary>The cell of one channel group (chat, e-mail, social media) in the CIO Rijk table.</summary>
    public static string GroupCell(AppointmentCoverage a, string group)
    {
        var channels = a.Channels.Where(c => c.Group == group).ToList();
        if (channels.Count == 0) return "geen kanaal geregistreerd";
        if (channels.Count == 1) return Periods(channels[0].Secured);
        return string.Join(" | ", channels.Select(c => $"{Channel(c.Channel)}: {Periods(c.Secured)}"));
    }

    public static string YesNo(bool value) => value ? "Ja" : "Nee";

    public static string Frequency(ReadOutTimeliness r) =>
        r.FrequencyDays is { } days ? $"{r.FrequencyText} (elke {days} dagen)" : "alleen bij vertrek";

    public static string ReadOutStatus(ReadOutTimeliness r) =>
        r.Overdue ? "achterstallig" : r.MissedReadOuts > 0 ? $"{r.MissedReadOuts} gemist" : "op schema";

    public static string Cleaning(string cleaning) => CoveragePdf.CleaningWords(cleaning);
}
