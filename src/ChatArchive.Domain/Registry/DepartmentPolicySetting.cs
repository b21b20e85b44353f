using ChatArchive.Domain.Policies;

namespace ChatArchive.Domain.Registry;

/// <summary>
/// The department policy as stored in the registry, one row per department: the variations of
/// CIO Rijk-rapportage 2024 (ADR columns) — read-out frequency, device separation, cleaning, raw dataset kept —
/// plus the contact exclusion and four-eyes rule of Handreiking §2.2.2. Workflows read it as input.
/// </summary>
public sealed class DepartmentPolicySetting
{
    public long DepartmentId { get; set; }

    public ReadOutFrequency Frequency { get; set; } = DepartmentPolicy.Default.Frequency;

    public bool DeviceSeparation { get; set; } = DepartmentPolicy.Default.DeviceSeparation;

    public CleaningMode Cleaning { get; set; } = DepartmentPolicy.Default.Cleaning;

    public bool KeepRawDataset { get; set; } = DepartmentPolicy.Default.KeepRawDataset;

    public bool ExcludePrivateContacts { get; set; } = DepartmentPolicy.Default.ExcludePrivateContacts;

    public bool FourEyesRequired { get; set; } = DepartmentPolicy.Default.FourEyesRequired;

    /// <summary>Where the values come from (e.g. "CIO Rijk-rapportage 2024 §3.2.2, uitvraag CIO Rijk Q3 2024"); free text.</summary>
    public string? Source { get; set; }

    public int Version { get; set; } = 1;

    public DepartmentPolicy ToPolicy() =>
        new(Frequency, DeviceSeparation, Cleaning, KeepRawDataset, ExcludePrivateContacts, FourEyesRequired);
}
