namespace ChatArchive.Workflows.Activities.Processes;

/// <summary>
/// The three government-wide templates (workflows/*.json) and how a department's own copy is named
/// (the engine's copy: <c>{department}-{template}</c>, lower case).
/// </summary>
public static class ProcessTemplates
{
    public const string Onboarding = "onboarding";
    public const string PeriodicReadOut = "periodic-readout";
    public const string Departure = "departure";

    public static string DepartmentCopyId(string department, string templateId) => $"{department}-{templateId}".ToLowerInvariant();
}

/// <summary>What started a workflow (rows of <c>wf_process_starts</c>).</summary>
public static class ProcessStartKinds
{
    public const string Onboarding = "aantreden";
    public const string ReadOut = "uitlezing";
    public const string Departure = "aftreden";

    public static string TemplateFor(string kind) => kind switch
    {
        Onboarding => ProcessTemplates.Onboarding,
        ReadOut => ProcessTemplates.PeriodicReadOut,
        Departure => ProcessTemplates.Departure,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown process start kind"),
    };
}

/// <summary>Names of the workflow input and variables the activities and the process reader share.</summary>
public static class ProcessVariables
{
    /// <summary>Workflow input: the officeholder's registry id (also the instance's correlation id).</summary>
    public const string OfficeholderId = "BewindspersoonId";

    /// <summary>Workflow input: the officeholder's department code (tasks stay in it, also when a template was started).</summary>
    public const string Department = "Departement";

    /// <summary>Workflow input: the appointment that started the workflow (onboarding, departure).</summary>
    public const string AppointmentId = "BenoemingId";

    /// <summary>Workflow input: the appointment's last day (departure: the final read-out is due before it).</summary>
    public const string EndsOn = "Einddatum";

    /// <summary>Workflow input: "true" for the final read-out at departure.</summary>
    public const string FinalReadOut = "LaatsteUitlezing";

    public const string Frequency = "Frequentie";
    public const string CleaningMode = "Schoonmodus";
    public const string KeepRawDataset = "RuweDatasetBewaren";
    public const string ExcludePrivateContacts = "PriveContactenUitsluiten";
    public const string Validator = "Validator";
    public const string ReadOutRole = "RolUitlezen";
    public const string DeviceSeparation = "Middelenscheiding";
}
