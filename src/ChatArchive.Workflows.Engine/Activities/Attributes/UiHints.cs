namespace ChatArchive.Workflows.Engine.Activities.Attributes;

/// <summary>UI hints the Studio 3.8.2 build knows (ELSA-STUDIO-CONTRACT.md "Activity descriptor shape").</summary>
public static class UiHints
{
    public const string Checkbox = "checkbox";
    public const string CheckList = "checklist";
    public const string CodeEditor = "code-editor";
    public const string DateTimePicker = "datetime-picker";
    public const string Dropdown = "dropdown";
    public const string DynamicOutcomes = "dynamic-outcomes";
    public const string JsonEditor = "json-editor";
    public const string MultiLine = "multiline";
    public const string MultiText = "multitext";
    public const string OutcomePicker = "outcome-picker";
    public const string OutputPicker = "output-picker";
    public const string SwitchEditor = "switch-editor";
    public const string FlowSwitchEditor = "flow-switch-editor";
    public const string SingleLine = "singleline";
    public const string VariablePicker = "variable-picker";
    public const string WorkflowDefinitionPicker = "workflow-definition-picker";
}
