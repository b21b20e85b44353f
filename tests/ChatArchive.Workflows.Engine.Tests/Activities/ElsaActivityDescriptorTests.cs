using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.BuiltIn;

namespace ChatArchive.Workflows.Engine.Tests.Activities;

/// <summary>The toolbox entries of Elsa's activities carry Elsa's type names, categories, input, output and port names.</summary>
public sealed class ElsaActivityDescriptorTests
{
    [Theory]
    [InlineData(typeof(SetVariable), "Elsa.SetVariable", "Primitives", "Variable,Value", "", "Done")]
    [InlineData(typeof(FlowDecision), "Elsa.FlowDecision", "Branching", "Condition", "", "True,False")]
    [InlineData(typeof(DispatchWorkflow), "Elsa.DispatchWorkflow", "Composition", "WorkflowDefinitionId,CorrelationId,Input,WaitForCompletion,StartNewTrace,ChannelName", "Result", "Done")]
    [InlineData(typeof(FlowFork), "Elsa.FlowFork", "Branching", "Branches", "", "Done")]
    [InlineData(typeof(FlowJoin), "Elsa.FlowJoin", "Branching", "Mode", "", "Done")]
    [InlineData(typeof(WriteLine), "Elsa.WriteLine", "Primitives", "Text", "", "Done")]
    [InlineData(typeof(Delay), "Elsa.Delay", "Scheduling", "TimeSpan,Duration,Strategy,AutoBlockingThreshold", "", "Done")]
    [InlineData(typeof(Engine.Activities.BuiltIn.Timer), "Elsa.Timer", "Scheduling", "Interval", "", "Done")]
    [InlineData(typeof(StartAt), "Elsa.StartAt", "Scheduling", "DateTime", "", "Done")]
    [InlineData(typeof(Finish), "Elsa.Finish", "Primitives", "", "", "")]
    [InlineData(typeof(Complete), "Elsa.Complete", "Composition", "Outcomes", "", "")]
    [InlineData(typeof(Fault), "Elsa.Fault", "Primitives", "Code,Category,FaultType,Message", "", "Done")]
    [InlineData(typeof(If), "Elsa.If", "Branching", "Condition", "Result", "Done,Then,Else")]
    [InlineData(typeof(FlowSwitch), "Elsa.FlowSwitch", "Branching", "Cases,Mode", "", "Default")]
    [InlineData(typeof(Switch), "Elsa.Switch", "Branching", "Cases,Mode", "", "Done,Default")]
    [InlineData(typeof(SetOutput), "Elsa.SetOutput", "Composition", "OutputName,OutputValue", "", "Done")]
    [InlineData(typeof(SetName), "Elsa.SetName", "Primitives", "Value", "", "Done")]
    [InlineData(typeof(Correlate), "Elsa.Correlate", "Primitives", "CorrelationId", "", "Done")]
    [InlineData(typeof(Sequence), "Elsa.Sequence", "Composition", "", "", "Done")]
    [InlineData(typeof(ExecuteWorkflow), "Elsa.ExecuteWorkflow", "Composition", "WorkflowDefinitionId,CorrelationId,Input,WaitForCompletion", "Result", "Done")]
    [InlineData(typeof(SendEmail), "Elsa.SendEmail", "Email", "From,To,Cc,Bcc,Subject,Attachments,Body", "", "Done,Error")]
    public void Descriptor_matches_Elsa(Type type, string typeName, string category, string inputs, string outputs, string ports)
    {
        var d = ActivityDescriber.Describe(type);
        Assert.Equal(typeName, d.TypeName);
        Assert.Equal(category, d.Category);
        Assert.Equal(inputs.Split(',', StringSplitOptions.RemoveEmptyEntries), d.Inputs.Select(i => i.Name));
        Assert.Equal(outputs.Split(',', StringSplitOptions.RemoveEmptyEntries), d.Outputs.Select(o => o.Name));
        Assert.Equal(ports.Split(',', StringSplitOptions.RemoveEmptyEntries), d.Ports.Select(p => p.Name));
    }

    [Fact]
    public void SetVariables_variable_is_an_unwrapped_variable_picker_and_its_value_any_type()
    {
        var d = ActivityDescriber.Describe(typeof(SetVariable));
        var variable = d.Inputs.Single(i => i.Name == "Variable");
        Assert.False(variable.IsWrapped);
        Assert.Equal("variable-picker", variable.UiHint);
        Assert.Equal("Object", d.Inputs.Single(i => i.Name == "Value").TypeName);
        Assert.Equal("Boolean", ActivityDescriber.Describe(typeof(FlowDecision)).Inputs.Single().TypeName);
        Assert.Equal("TimeSpan", ActivityDescriber.Describe(typeof(Delay)).Inputs.First().TypeName);
        Assert.Equal("workflow-definition-picker", ActivityDescriber.Describe(typeof(DispatchWorkflow)).Inputs.First().UiHint);
    }

    [Fact]
    public void Ifs_Then_and_Else_are_embedded_slots_and_FlowSwitchs_cases_a_plain_flow_switch_editor()
    {
        var d = ActivityDescriber.Describe(typeof(If));
        Assert.Equal(["Flow", "Embedded", "Embedded"], d.Ports.Select(p => p.Type));
        var cases = ActivityDescriber.Describe(typeof(FlowSwitch)).Inputs.Single(i => i.Name == "Cases");
        Assert.False(cases.IsWrapped);
        Assert.Equal("flow-switch-editor", cases.UiHint);
        Assert.Equal("outcome-picker", ActivityDescriber.Describe(typeof(Complete)).Inputs.Single().UiHint);
        Assert.Equal("output-picker", ActivityDescriber.Describe(typeof(SetOutput)).Inputs.First().UiHint);
        Assert.True(ActivityDescriber.Describe(typeof(Finish)).IsTerminal);
    }
}
