namespace ChatArchive.Domain.Registry;

/// <summary>
/// Benoeming: one function held for a period. Seed 001 shows functions held for only four days
/// (Minister van Financiën 2, 8–12 January 2024), so no minimum length is assumed.
/// <see cref="EndsOn"/> is null while the function is held.
/// </summary>
public sealed class Appointment
{
    public long Id { get; set; }

    public long OfficeholderId { get; set; }

    /// <summary>The department of the function (may differ from the officeholder's archiving department).</summary>
    public long DepartmentId { get; set; }

    public string FunctionTitle { get; set; } = "";

    public DateOnly StartsOn { get; set; }

    public DateOnly? EndsOn { get; set; }

    public int Version { get; set; } = 1;

    public bool IsActiveOn(DateOnly day) => StartsOn <= day && (EndsOn is null || day <= EndsOn);
}
