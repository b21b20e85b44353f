using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Tests.Support;

/// <summary>Builds Elsa-JSON flowcharts for tests the way Studio would save them.</summary>
public sealed class Flow
{
    private readonly WorkflowDefinition definition;

    public Flow(string name, string? definitionId = null)
    {
        definition = new WorkflowDefinition { Name = name, DefinitionId = definitionId ?? "", Root = ActivityNode.NewFlowchart("flow1") };
    }

    public Flow Start(string id = "start") => Add(id, "Elsa.Start");

    public Flow End(string id = "end") => Add(id, "Elsa.End");

    public Flow Task(string id, string title, string role = "information-professional", params string[] outcomes) =>
        Add(id, "ChatArchive.HumanTask", ("Title", "String", title), ("AssigneeRole", "String", role),
            ("Outcomes", "String[]", System.Text.Json.JsonSerializer.Serialize(outcomes.Length == 0 ? ["Gereed"] : outcomes)));

    public Flow Delay(string id, string duration) => Add(id, "Elsa.Delay", ("Duration", "String", duration));

    public Flow Add(string id, string type, params (string Name, string TypeName, string Value)[] inputs)
    {
        var node = new ActivityNode { Id = id, Type = type, Name = id };
        foreach (var (n, t, v) in inputs)
        {
            node.SetInput(n, WrappedInput.Literal(t, v));
        }
        definition.Root.Activities!.Add(node);
        return this;
    }

    /// <summary>An activity with one input given as an expression of <paramref name="expressionType"/> (JavaScript, Variable, CSharp…).</summary>
    public Flow Expression(string id, string type, string inputName, string typeName, string expressionType, string value)
    {
        var node = new ActivityNode { Id = id, Type = type, Name = id };
        node.SetInput(inputName, new WrappedInput { TypeName = typeName, Expression = new InputExpression { Type = expressionType, Value = value } });
        definition.Root.Activities!.Add(node);
        return this;
    }

    /// <summary>Elsa.FlowDecision with a JavaScript condition.</summary>
    public Flow Decision(string id, string javaScript) => Expression(id, "Elsa.FlowDecision", "Condition", "Boolean", "JavaScript", javaScript);

    /// <summary>Elsa.SetVariable as Studio saves it: the variable as a plain reference, the value as an expression.</summary>
    public Flow SetVariable(string id, string variableName, string expressionType, string value)
    {
        Expression(id, "Elsa.SetVariable", "Value", "Object", expressionType, value);
        var node = definition.Root.Activities!.Last();
        var v = definition.Variables.FirstOrDefault(x => x.Name == variableName);
        node.Properties!["variable"] = System.Text.Json.JsonSerializer.SerializeToElement(
            new { id = v?.Id ?? variableName, name = variableName, typeName = v?.TypeName ?? "Object", value = v?.Value });
        return this;
    }

    /// <summary>Elsa.DispatchWorkflow of <paramref name="childDefinitionId"/>.</summary>
    public Flow Dispatch(string id, string childDefinitionId, bool wait, string? inputJson = null, string? correlationId = null)
    {
        var inputs = new List<(string, string, string)> { ("WorkflowDefinitionId", "String", childDefinitionId), ("WaitForCompletion", "Boolean", wait ? "True" : "False") };
        if (inputJson is not null) inputs.Add(("Input", "Object", inputJson));
        if (correlationId is not null) inputs.Add(("CorrelationId", "String", correlationId));
        return Add(id, "Elsa.DispatchWorkflow", inputs.ToArray());
    }

    public Flow Connect(string from, string to, string port = "Done")
    {
        definition.Root.Connections!.Add(new Connection(from, port, to));
        return this;
    }

    public Flow Variable(string name, string value, string typeName = "String")
    {
        definition.Variables.Add(new VariableDefinition { Id = name.ToLowerInvariant(), Name = name, Value = value, TypeName = typeName });
        return this;
    }

    public WorkflowDefinition Build() => definition.Clone();
}
