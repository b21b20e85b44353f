using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Activities.Processes;

/// <summary>Who validates the marked messages (Handreiking §2.2.2 stap 5–6).</summary>
public enum ValidatorKind
{
    /// <summary>De bewindspersoon zelf.</summary>
    Officeholder,
    /// <summary>Een vertrouwenspersoon die voor deze bewindspersoon is geregistreerd.</summary>
    Trustee,
}

/// <summary>
/// A department's read-out process as its published definition says it (issue 10 item 5: the definition is the one
/// source of truth; the registry's department policy is a read-only view of this). <see cref="Frequency"/> null:
/// read out at departure only.
/// </summary>
public sealed record DepartmentProcess(
    string Department,
    string DefinitionId,
    int DefinitionVersion,
    bool FromTemplate,
    IsoDuration? Frequency,
    string FrequencyText,
    CleaningMode Cleaning,
    bool KeepRawDataset,
    bool ExcludePrivateContacts,
    ValidatorKind Validator,
    string ReadOutRole,
    bool DeviceSeparation)
{
    /// <summary>The registry's policy record derived from the definition (ReadOutFrequency is the nearest of the CIO Rijk variations).</summary>
    public DepartmentPolicy ToPolicy() => new(FrequencyKind, DeviceSeparation, Cleaning, KeepRawDataset, ExcludePrivateContacts, FourEyesRequired: true);

    public ReadOutFrequency FrequencyKind => Frequency switch
    {
        null => ReadOutFrequency.AtDepartureOnly,
        { } d when Days(d) <= 35 => ReadOutFrequency.Monthly,
        { } d when Days(d) <= 50 => ReadOutFrequency.SixWeekly,
        _ => ReadOutFrequency.TwoMonthly,
    };

    private static double Days(IsoDuration d) => d.Years * 365.25 + d.Months * 30.44 + d.Days + d.Time.TotalDays;

    /// <summary>The settings' values as a definition spells them (variables of the read-out definition).</summary>
    public static CleaningMode ParseCleaning(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "verwijderen" or "remove" => CleaningMode.Remove,
        "markeren" or "mark" => CleaningMode.Mark,
        "geen" or "none" => CleaningMode.None,
        _ => throw new ActivityInputException($"Schoonmodus '{text}' bestaat niet. Kies Verwijderen, Markeren of Geen."),
    };

    public static string CleaningText(CleaningMode mode) => mode switch
    {
        CleaningMode.Remove => "Verwijderen",
        CleaningMode.Mark => "Markeren",
        _ => "Geen",
    };

    public static ValidatorKind ParseValidator(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "bewindspersoon" or "officeholder" => ValidatorKind.Officeholder,
        "vertrouwenspersoon" or "trustee" => ValidatorKind.Trustee,
        _ => throw new ActivityInputException($"Validator '{text}' bestaat niet. Kies Bewindspersoon of Vertrouwenspersoon."),
    };

    public static bool ParseBool(string? text, string name) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "true" or "ja" => true,
        "false" or "nee" => false,
        _ => throw new ActivityInputException($"'{name}' moet Ja (true) of Nee (false) zijn, niet '{text}'."),
    };

    /// <summary>Null for an empty value or "Geen" (read out at departure only).</summary>
    public static IsoDuration? ParseFrequency(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("Geen", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (!IsoDuration.TryParse(text.Trim(), out var d) || d.IsZero)
        {
            throw new ActivityInputException($"Frequentie '{text}' is geen geldige duur. Gebruik bijv. P1M (maandelijks), P6W (zeswekelijks) of P2M (tweemaandelijks).");
        }
        return d;
    }
}

/// <summary>
/// Reads a department's process from its published definitions: the department's own copy of the read-out template,
/// else the government-wide template. Read at every use, so a newly published version applies without a restart.
/// </summary>
public sealed class DepartmentProcessReader(IWorkflowDefinitionStore definitions)
{
    public static readonly DepartmentProcess Defaults = new("", ProcessTemplates.PeriodicReadOut, 0, true, new IsoDuration(0, 0, 42, TimeSpan.Zero), "P6W",
        CleaningMode.Remove, false, true, ValidatorKind.Officeholder, Roles.InformationProfessional, true);

    /// <summary>The published definition to start for <paramref name="templateId"/> in <paramref name="department"/>: the department's copy, else the template.</summary>
    public async Task<WorkflowDefinition?> PublishedAsync(string department, string templateId, CancellationToken ct = default)
    {
        var own = await definitions.FindAsync(ProcessTemplates.DepartmentCopyId(department, templateId), VersionOptions.Published, ct);
        if (own is not null && string.Equals(own.TenantId, department, StringComparison.OrdinalIgnoreCase))
        {
            return own;
        }
        var template = await definitions.FindAsync(templateId, VersionOptions.Published, ct);
        return template is { TenantId: null } ? template : null;
    }

    public async Task<DepartmentProcess> ReadAsync(string department, CancellationToken ct = default)
    {
        var d = await PublishedAsync(department, ProcessTemplates.PeriodicReadOut, ct);
        return d is null ? Defaults with { Department = department } : FromDefinition(department, d);
    }

    /// <summary>The settings in a definition's variables; a missing variable keeps the template's default.</summary>
    public static DepartmentProcess FromDefinition(string department, WorkflowDefinition d)
    {
        string? Var(string name) => d.Variables.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal))?.Value;
        var frequencyText = Var(ProcessVariables.Frequency);
        var frequency = frequencyText is null ? Defaults.Frequency : DepartmentProcess.ParseFrequency(frequencyText);
        return new DepartmentProcess(
            department,
            d.DefinitionId,
            d.Version,
            d.TenantId is null,
            frequency,
            frequencyText ?? Defaults.FrequencyText,
            Var(ProcessVariables.CleaningMode) is { } c ? DepartmentProcess.ParseCleaning(c) : Defaults.Cleaning,
            Var(ProcessVariables.KeepRawDataset) is { } k ? DepartmentProcess.ParseBool(k, ProcessVariables.KeepRawDataset) : Defaults.KeepRawDataset,
            Var(ProcessVariables.ExcludePrivateContacts) is { } e ? DepartmentProcess.ParseBool(e, ProcessVariables.ExcludePrivateContacts) : Defaults.ExcludePrivateContacts,
            Var(ProcessVariables.Validator) is { } v ? DepartmentProcess.ParseValidator(v) : Defaults.Validator,
            Var(ProcessVariables.ReadOutRole) is { Length: > 0 } r ? r.Trim() : Defaults.ReadOutRole,
            Var(ProcessVariables.DeviceSeparation) is { } s ? DepartmentProcess.ParseBool(s, ProcessVariables.DeviceSeparation) : Defaults.DeviceSeparation);
    }
}
