using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Expressions;

/// <summary>
/// What an expression may read and change while an activity's inputs are bound: the instance's variables
/// (literal text by name; a script's changes are written back here), their definitions (types), and the workflow input.
/// </summary>
public sealed class ExpressionContext
{
    public required IDictionary<string, string?> Variables { get; init; }
    public required IReadOnlyList<VariableDefinition> VariableDefinitions { get; init; }
    public required IReadOnlyDictionary<string, string?> Input { get; init; }
    public string? InstanceId { get; init; }
    public string? DefinitionId { get; init; }
    public string? CorrelationId { get; init; }

    /// <summary>Scripts get <c>get{Input}()</c> for each workflow input (a workflow run as an activity, as Elsa declares the activity's inputs).</summary>
    public bool InputFunctions { get; init; }

    /// <summary>The inputs the workflow declares: scripts get <c>get{Name}()</c> for each, undefined when none was given (Elsa declares them
    /// for every workflow, so a child started by ExecuteWorkflow or DispatchWorkflow reads its input the same way).</summary>
    public IReadOnlyList<string> InputNames { get; init; } = [];

    /// <summary>The declared type of each workflow input ("Int32", "Boolean"…): <c>get{Input}()</c> and <c>getInput</c> hand a script a value
    /// of that type, as Elsa converts a workflow's input to its declared type.</summary>
    public IReadOnlyDictionary<string, string> InputTypes { get; init; } = new Dictionary<string, string>();

    /// <summary>Earlier activities' outputs for <c>getOutputFrom</c> and <c>get{Output}From{Activity}()</c>; null = the definition's scripts read none.</summary>
    public ActivityOutputScope? ActivityOutputs { get; init; }

    /// <summary>Evaluates JavaScript expressions; null = JavaScript is refused (a caller without the engine's services).</summary>
    public JavaScriptEvaluator? JavaScript { get; init; }

    /// <summary>Renders Liquid expressions; null = Liquid is refused.</summary>
    public LiquidEvaluator? Liquid { get; init; }

    /// <summary>Set while an Elsa.RunJavaScript runs its script: <c>setOutcome</c> / <c>setOutcomes</c> choose its outcomes; null = not allowed here.</summary>
    public Action<IReadOnlyList<string>>? SetOutcomes { get; set; }

    /// <summary>The declared type of a variable ("String", "Int32", "Object"…); null when the variable is not declared.</summary>
    public VariableDefinition? FindVariable(string name) =>
        VariableDefinitions.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));
}
