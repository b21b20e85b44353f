using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.Fault</c>: faults the workflow on purpose. The step becomes an incident carrying the code, category, type
/// and message (defaults as in Elsa: "0", "General", "System"); the instance's sub-status is Faulted.
/// </summary>
[Activity("Elsa", "Fault", Category = "Primitives", DisplayName = "Fout melden", Description = "Laat de workflow bewust mislukken met een foutcode en melding.")]
public sealed class Fault : Activity
{
    [Input(DisplayName = "Code", Description = "Code die de fout indeelt.")]
    public string? Code { get; set; }

    [Input(DisplayName = "Categorie", Description = "Categorie van de fout, bijv. HTTP of Integratie.")]
    public string? Category { get; set; }

    [Input(DisplayName = "Type", Description = "Soort fout, bijv. System, Business of Integration.")]
    public string? FaultType { get; set; }

    [Input(DisplayName = "Melding", Description = "De melding bij de fout (geen berichtinhoud of namen).")]
    public string? Message { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        throw new WorkflowFaultException(string.IsNullOrEmpty(Code) ? "0" : Code, string.IsNullOrEmpty(Category) ? "General" : Category,
            string.IsNullOrEmpty(FaultType) ? "System" : FaultType, Message);
}

/// <summary>A fault raised on purpose by Elsa.Fault; the executor turns it into an incident with <see cref="Exception.Message"/>.</summary>
public sealed class WorkflowFaultException(string code, string category, string type, string? faultMessage)
    : Exception($"De workflow is bewust gestopt met een fout (code {code}, categorie {category}, type {type})" +
        (string.IsNullOrWhiteSpace(faultMessage) ? "." : $": {faultMessage}"))
{
    public string Code { get; } = code;
    public string Category { get; } = category;
    public string FaultType { get; } = type;
    public string? FaultMessage { get; } = faultMessage;
}
