namespace ChatArchive.Sealing.Coverage;

/// <summary>A stretch of days, both ends inclusive.</summary>
public sealed record DatePeriod(DateOnly From, DateOnly To);

/// <summary>
/// Coverage of one officeholder and channel derived from seals (CIO Rijk-rapportage 2024 §2: "per function, the period actually secured;
/// gaps are what matters"): the merged periods secured and every gap, within the appointment when one is given.
/// </summary>
public sealed record CoverageReport(
    string OfficeholderId,
    string Channel,
    IReadOnlyList<DatePeriod> Secured,
    IReadOnlyList<DatePeriod> Gaps,
    int Packages)
{
    public DateOnly? SecuredFrom => Secured.Count > 0 ? Secured[0].From : null;
    public DateOnly? SecuredTo => Secured.Count > 0 ? Secured[^1].To : null;
}
