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

    public Flow Connect(string from, string to, string port = "Done")
    {
        definition.Root.Connections!.Add(new Connection(from, port, to));
        return this;
    }

    public Flow Variable(string name, string value)
    {
        definition.Variables.Add(new VariableDefinition { Id = name.ToLowerInvariant(), Name = name, Value = value });
        return this;
    }

    public WorkflowDefinition Build() => definition.Clone();
}
