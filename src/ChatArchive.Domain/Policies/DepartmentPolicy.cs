namespace ChatArchive.Domain.Policies;

// Department variations from CIO Rijk-rapportage 2024 (ADR columns) and Handreiking §2.2.2. These are inputs
// that process owners set in workflows; the modules take them as plain parameters.

public enum ReadOutFrequency
{
    Monthly = 0,
    SixWeekly = 1,
    TwoMonthly = 2,
    AtDepartureOnly = 3,
}

public enum CleaningMode
{
    /// <summary>Private and party-political messages are removed after validation.</summary>
    Remove = 0,
    /// <summary>They are only marked; everything is secured.</summary>
    Mark = 1,
    /// <summary>No cleaning: everything is secured as read.</summary>
    None = 2,
}

/// <param name="LearnFromReviews">Whether the suggestions of a new read-out learn from the information professional's
/// decisions in this officeholder's earlier read-outs (issue 12); a department can switch it off.</param>
public sealed record DepartmentPolicy(
    ReadOutFrequency Frequency,
    bool DeviceSeparation,
    CleaningMode Cleaning,
    bool KeepRawDataset,
    bool ExcludePrivateContacts,
    bool FourEyesRequired = true,
    bool LearnFromReviews = true)
{
    public static DepartmentPolicy Default { get; } = new(ReadOutFrequency.SixWeekly, true, CleaningMode.Remove, false, true, true);

    /// <summary>Days between read-outs; null when read out only at departure.</summary>
    public int? IntervalDays => Frequency switch
    {
        ReadOutFrequency.Monthly => 30,
        ReadOutFrequency.SixWeekly => 42,
        ReadOutFrequency.TwoMonthly => 61,
        _ => null,
    };
}
