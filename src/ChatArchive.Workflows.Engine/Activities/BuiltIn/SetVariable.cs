using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.SetVariable</c>: assigns a value to a workflow variable. <c>variable</c> is stored as Elsa stores it, a plain
/// variable reference (<c>{"id","name","typeName",…}</c>, not wrapped); <c>value</c> is any expression. The value must fit the
/// variable's declared type, else the step becomes an incident (Elsa would fail the conversion too).
/// </summary>
[Activity("Elsa", "SetVariable", Category = "Primitives", DisplayName = "Variabele instellen",
    Description = "Geeft een workflowvariabele een nieuwe waarde.")]
public sealed class SetVariable : Activity
{
    [Input(DisplayName = "Variabele", Description = "De variabele die de waarde krijgt.", UIHint = UiHints.VariablePicker, IsWrapped = false,
        TypeName = "Object", Required = true)]
    public string? Variable { get; set; }

    [Input(DisplayName = "Waarde", Description = "De waarde: vast, een andere variabele of een JavaScript-expressie.", TypeName = "Object")]
    public string? Value { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = Variable!;
        var declared = context.VariableDefinitions.FirstOrDefault(v => v.Name == name);
        if (declared is not null && Value is not null && !declared.IsArray)
        {
            var type = ClrTypeOf(declared.TypeName);
            if (type is not null)
            {
                // Throws a Dutch ActivityInputException when the value does not fit (e.g. "abc" into an Int32 variable).
                InputBinder.Convert(Value, type, name);
            }
        }
        context.Variables[name] = Value;
        return ValueTask.FromResult(ActivityResult.Complete());
    }

    private static Type? ClrTypeOf(string typeName) => typeName switch
    {
        "Int32" => typeof(int),
        "Int64" => typeof(long),
        "Boolean" => typeof(bool),
        "Decimal" => typeof(decimal),
        "Double" => typeof(double),
        "DateTime" or "DateTimeOffset" => typeof(DateTimeOffset),
        "TimeSpan" => typeof(TimeSpan),
        _ => null,
    };
}
