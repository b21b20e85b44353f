using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Definitions;

/// <summary>
/// Refuses what the runtime or Studio cannot handle, with a Dutch message per problem (issue 6):
/// a root of an unknown type (Studio's create dialog offers State machine),
/// an activity type without a descriptor (Studio would render a silently blank canvas), nested containers,
/// connections to activities that do not exist or from ports the activity does not have, expression
/// types other than Literal/Object/Variable, and literals that do not fit the input type (Studio lets
/// Int32 be typed as free text: "the server validates").
/// </summary>
public sealed class WorkflowDefinitionValidator(IActivityRegistry registry, Expressions.JavaScriptEvaluator javaScript, Expressions.LiquidEvaluator liquid, Hosting.WorkflowEngineOptions options)
{
    public IReadOnlyList<ValidationError> Validate(WorkflowDefinition d) => Validate(d, null, draft: false);

    /// <summary>
    /// Validates with the workflows the department may use as activities (<see cref="WorkflowActivityCatalog"/>, by type name). A
    /// <paramref name="draft"/> may hold a node of a workflow-as-activity type that is not (yet) published for the department (an import of
    /// a parent before its child is published); publishing refuses it naming the type.
    /// </summary>
    public IReadOnlyList<ValidationError> Validate(WorkflowDefinition d, IReadOnlyDictionary<string, Activities.Descriptors.ActivityDescriptor>? workflowActivities, bool draft)
    {
        var saved = current.Value;
        current.Value = new Pass(workflowActivities, draft);
        try
        {
            return ValidateCore(d);
        }
        finally
        {
            current.Value = saved;
        }
    }

    /// <summary>The workflow-as-activity types of the validation in progress (the validator is a singleton; each call has its own).</summary>
    private readonly AsyncLocal<Pass?> current = new();

    private sealed record Pass(IReadOnlyDictionary<string, Activities.Descriptors.ActivityDescriptor>? WorkflowActivities, bool Draft);

    private Activities.Descriptors.ActivityDescriptor? Find(string type) =>
        registry.Find(type) ?? (current.Value?.WorkflowActivities is { } w && w.TryGetValue(type, out var d) ? d : null);

    private IReadOnlyList<ValidationError> ValidateCore(WorkflowDefinition d)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(d.Name))
        {
            errors.Add(new("Geef de workflow een naam."));
        }
        if (d.Root is null)
        {
            errors.Add(new("De workflow heeft geen stroomschema. Maak hem opnieuw aan met 'Flowchart' als basis."));
            return errors;
        }
        var allIds = new HashSet<string>(StringComparer.Ordinal);
        if (d.Root.Type != ActivityNode.FlowchartType)
        {
            // Elsa allows any activity as the root (a Sequence, a WriteLine): it runs as a flowchart holding that one activity.
            // An unknown root type (Studio's State machine) is refused by name like any other unknown activity.
            ValidateActivity(d.Root, d, allIds, errors);
            return errors;
        }
        ValidateFlowchart(d.Root, d, allIds, errors);
        return errors;
    }

    /// <summary>A flowchart (the root or one nested in it): its activities, and connections only between them, from ports they have.</summary>
    private void ValidateFlowchart(ActivityNode flowchart, WorkflowDefinition d, HashSet<string> allIds, List<ValidationError> errors)
    {
        var activities = flowchart.Activities ?? [];
        var byId = new Dictionary<string, ActivityNode>(StringComparer.Ordinal);
        foreach (var a in activities)
        {
            if (!string.IsNullOrEmpty(a.Id))
            {
                byId.TryAdd(a.Id, a);
            }
            ValidateActivity(a, d, allIds, errors);
        }

        foreach (var c in flowchart.Connections ?? [])
        {
            if (!byId.TryGetValue(c.Source.Activity, out var source))
            {
                errors.Add(new($"Een verbinding begint bij activiteit '{c.Source.Activity}', die niet bestaat. Verwijder de verbinding."));
                continue;
            }
            if (!byId.ContainsKey(c.Target.Activity))
            {
                errors.Add(new($"Een verbinding vanaf '{source.Name ?? source.Id}' gaat naar activiteit '{c.Target.Activity}', die niet bestaat. Verwijder de verbinding.", source.Id));
                continue;
            }
            if (c.Target.Port is { } targetPort && targetPort != "In")
            {
                errors.Add(new($"Een verbinding vanaf '{source.Name ?? source.Id}' komt binnen op ingang '{targetPort}' van '{c.Target.Activity}'; een activiteit heeft alleen de ingang 'In'.", source.Id));
            }
            var ports = PortsOf(source);
            if (ports is not null && c.Source.Port is { } port && !ports.Contains(port, StringComparer.Ordinal))
            {
                errors.Add(new($"Activiteit '{source.Name ?? source.Id}' heeft geen uitgang '{port}'. Verbind een van: {string.Join(", ", ports)}.", source.Id));
            }
        }
    }

    /// <summary>One activity and, for a composite (Sequence, If, Switch), the activities embedded in it.</summary>
    private void ValidateActivity(ActivityNode a, WorkflowDefinition d, HashSet<string> allIds, List<ValidationError> errors)
    {
        var label = a.Name ?? a.Id;
        if (!string.IsNullOrEmpty(a.Id) && !allIds.Add(a.Id))
        {
            errors.Add(new($"Twee activiteiten hebben het id '{a.Id}'. Verwijder er één of geef hem een ander id.", a.Id));
        }
        var descriptor = Find(a.Type);
        if (descriptor is null && current.Value?.Draft == true && WorkflowActivityCatalog.ReferencedDefinitionId(a) is not null)
        {
            // A workflow used as an activity that is not published (yet): checked when this workflow is published.
            return;
        }
        if (descriptor is null)
        {
            errors.Add(new($"Activiteit '{label}' heeft type '{a.Type}', dat deze server niet kent. Verwijder de activiteit of vervang hem door een activiteit uit de gereedschapskist.", a.Id));
            return;
        }
        if (a.Type == ActivityNode.FlowchartType)
        {
            ValidateFlowchart(a, d, allIds, errors);
            return;
        }
        var type = registry.FindType(a.Type);
        if (type is null)
        {
            // A workflow used as an activity: its inputs are the used workflow's inputs; their expressions are checked like any input's.
            ValidateWorkflowActivity(a, label, descriptor, d, errors);
            return;
        }
        ValidateInputs(a, label, type, d, errors);
        ValidateInputNames(a, label, descriptor, errors);
        ValidateOutputCaptures(a, label, descriptor, d, errors);
        if (a.Type is Activities.BuiltIn.FlowSwitch.TypeName or Runtime.ActivityTree.SwitchType)
        {
            ValidateCases(a, label, errors);
        }
        foreach (var (slot, child) in Runtime.ActivityTree.Embedded(a))
        {
            if (slot == Runtime.ActivityTree.StartSlot)
            {
                continue;
            }
            if (string.IsNullOrEmpty(child.Id))
            {
                errors.Add(new($"Een activiteit in '{label}' heeft geen id. Sla de workflow opnieuw op vanuit de editor.", a.Id));
                continue;
            }
            ValidateActivity(child, d, allIds, errors);
        }
    }

    /// <summary>
    /// A node of a workflow-as-activity type: it must say which workflow it runs, its inputs must be inputs of that workflow and their
    /// expressions of a type this server runs; outputs captured into variables as for any activity.
    /// </summary>
    private void ValidateWorkflowActivity(ActivityNode node, string label, Activities.Descriptors.ActivityDescriptor descriptor, WorkflowDefinition d,
        List<ValidationError> errors)
    {
        // A node naming another definition id than the workflow published under its type runs that workflow, as in Elsa (its reader
        // sets the registered workflow's ids over the file's); only a node that names none is refused.
        if (WorkflowActivityCatalog.ReferencedDefinitionId(node) is null)
        {
            errors.Add(new($"Activiteit '{label}' ({node.Type}) verwijst niet naar de workflow '{descriptor.DisplayName}'. Verwijder hem en sleep hem opnieuw uit de gereedschapskist.", node.Id));
            return;
        }
        ValidateInputNames(node, label, descriptor, errors);
        ValidateOutputCaptures(node, label, descriptor, d, errors);
        foreach (var input in descriptor.Inputs)
        {
            if (node.GetInput(input.Name)?.Expression is not { } e)
            {
                continue;
            }
            var field = input.DisplayName;
            if (e.Type == ExpressionTypes.CSharp)
            {
                errors.Add(new(ExpressionTypes.CSharpRefused(field, label), node.Id));
            }
            else if (!ExpressionTypes.Supported.Contains(e.Type))
            {
                errors.Add(new($"Het veld '{field}' van '{label}' gebruikt expressietype '{e.Type}', dat deze server niet kent. Gebruik {string.Join(", ", ExpressionTypes.Supported)}.", node.Id));
            }
            else if (e.Type == ExpressionTypes.JavaScript && !string.IsNullOrWhiteSpace(e.Value) && javaScript.CheckSyntax(e.Value) is { } reason)
            {
                errors.Add(new($"Het JavaScript-veld '{field}' van '{label}' is niet bruikbaar: {reason}.", node.Id));
            }
            else if (e.Type == ExpressionTypes.Liquid && !string.IsNullOrEmpty(e.Value) && liquid.CheckSyntax(e.Value) is { } liquidReason)
            {
                errors.Add(new($"Het Liquid-veld '{field}' van '{label}' is niet bruikbaar: {liquidReason}.", node.Id));
            }
            else if (e.Type == ExpressionTypes.Variable && !d.Variables.Any(v => v.Id == e.Value || v.Name == e.Value))
            {
                errors.Add(new($"Het veld '{field}' van '{label}' verwijst naar variabele '{e.Value}', die niet bestaat. Voeg de variabele toe of kies een andere.", node.Id));
            }
        }
    }

    /// <summary>An output captured (<c>memoryReference</c>) must name an output of the activity and a variable or an output definition of the workflow.</summary>
    private static void ValidateOutputCaptures(ActivityNode node, string label, Activities.Descriptors.ActivityDescriptor descriptor, WorkflowDefinition d,
        List<ValidationError> errors)
    {
        foreach (var (key, value) in node.Properties ?? [])
        {
            if (value.ValueKind != System.Text.Json.JsonValueKind.Object || value.TryGetProperty("expression", out _)
                || !value.TryGetProperty("memoryReference", out var reference) || reference.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                continue;
            }
            var output = descriptor.Outputs.FirstOrDefault(o => ActivityNode.InputKey(o.Name) == key);
            if (output is null)
            {
                var known = string.Join(", ", descriptor.Outputs.Select(o => ActivityNode.InputKey(o.Name)));
                errors.Add(new($"Activiteit '{label}' ({node.Type}) heeft geen uitvoer '{key}'. Verwijder de koppeling of gebruik een van: {(known.Length == 0 ? "(geen)" : known)}.", node.Id));
                continue;
            }
            var target = Runtime.ActivityOutputs.CaptureTarget(node, output.Name);
            if (target is not null && !d.Variables.Any(v => v.Id == target || v.Name == target) && !d.HasOutput(target))
            {
                errors.Add(new($"De uitvoer '{key}' van '{label}' wordt bewaard in '{target}', maar de workflow heeft geen variabele of uitvoer met die naam. " +
                    "Voeg de variabele of uitvoer toe of kies een andere.", node.Id));
            }
        }
    }

    /// <summary>The cases of a (flow) switch: a list of <c>{label, condition}</c>; each condition an expression this server runs.</summary>
    private void ValidateCases(ActivityNode node, string label, List<ValidationError> errors)
    {
        if (node.Properties is null || !node.Properties.TryGetValue("cases", out var el) || el.ValueKind is System.Text.Json.JsonValueKind.Null)
        {
            return;
        }
        IReadOnlyList<Activities.BuiltIn.SwitchCase> cases;
        try
        {
            cases = Activities.BuiltIn.SwitchCases.Parse(el.GetRawText(), label);
        }
        catch (ActivityInputException ex)
        {
            errors.Add(new(ex.Message, node.Id));
            return;
        }
        foreach (var c in cases)
        {
            var field = $"voorwaarde van geval '{c.Label}'";
            if (c.Condition.Type == ExpressionTypes.CSharp)
            {
                errors.Add(new(ExpressionTypes.CSharpRefused(field, label), node.Id));
            }
            else if (!ExpressionTypes.Supported.Contains(c.Condition.Type))
            {
                errors.Add(new($"De {field} van '{label}' gebruikt expressietype '{c.Condition.Type}', dat deze server niet kent. Gebruik {string.Join(", ", ExpressionTypes.Supported)}.", node.Id));
            }
            else if (c.Condition.Type == ExpressionTypes.JavaScript && !string.IsNullOrWhiteSpace(c.Condition.Value) && javaScript.CheckSyntax(c.Condition.Value) is { } reason)
            {
                errors.Add(new($"De JavaScript-{field} van '{label}' is niet bruikbaar: {reason}.", node.Id));
            }
            else if (c.Condition.Type == ExpressionTypes.Literal && !string.IsNullOrWhiteSpace(c.Condition.Value) && !bool.TryParse(c.Condition.Value.Trim(), out _))
            {
                errors.Add(new($"De {field} van '{label}' is '{c.Condition.Value}'; een vaste voorwaarde is True of False.", node.Id));
            }
        }
        if (node.Type == Activities.BuiltIn.FlowSwitch.TypeName)
        {
            foreach (var duplicate in cases.GroupBy(c => c.Label, StringComparer.Ordinal).Where(g => g.Count() > 1 || string.IsNullOrEmpty(g.Key)))
            {
                errors.Add(new(string.IsNullOrEmpty(duplicate.Key)
                    ? $"Een geval van '{label}' heeft geen naam; de naam is de uitgang. Geef elk geval een naam."
                    : $"'{label}' heeft meer dan één geval met de naam '{duplicate.Key}'. Geef elk geval een eigen naam.", node.Id));
            }
        }
    }

    /// <summary>
    /// An input value (an object with an <c>expression</c>, as Studio writes inputs) under a name the activity does not have is
    /// refused: it would be stored and silently ignored (a real Elsa.Delay's <c>timeSpan</c> once waited a day that way).
    /// </summary>
    private static void ValidateInputNames(ActivityNode node, string label, Activities.Descriptors.ActivityDescriptor descriptor, List<ValidationError> errors)
    {
        foreach (var (key, value) in node.Properties ?? [])
        {
            if (value.ValueKind != System.Text.Json.JsonValueKind.Object || !value.TryGetProperty("expression", out _))
            {
                continue;
            }
            if (!descriptor.Inputs.Any(i => ActivityNode.InputKey(i.Name) == key))
            {
                var known = string.Join(", ", descriptor.Inputs.Where(i => i.IsBrowsable).Select(i => ActivityNode.InputKey(i.Name)));
                errors.Add(new($"Activiteit '{label}' ({node.Type}) heeft geen invoerveld '{key}'. Verwijder het of gebruik een van: {(known.Length == 0 ? "(geen)" : known)}.", node.Id));
            }
        }
    }

    /// <summary>A plain variable reference (Elsa.SetVariable's <c>variable</c>): it must name a variable of the workflow.</summary>
    private static void ValidateVariableReference(ActivityNode node, string label, string inputName, string field, WorkflowDefinition d, List<ValidationError> errors)
    {
        if (node.Properties is null || !node.Properties.TryGetValue(ActivityNode.InputKey(inputName), out var el)
            || el.ValueKind is System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined)
        {
            errors.Add(new($"Kies bij '{label}' in het veld '{field}' een variabele.", node.Id));
            return;
        }
        string? key = el.ValueKind switch
        {
            System.Text.Json.JsonValueKind.String => el.GetString(),
            System.Text.Json.JsonValueKind.Object when el.TryGetProperty("expression", out var ex) && ex.ValueKind == System.Text.Json.JsonValueKind.Object
                && ex.TryGetProperty("value", out var v) => v.ValueKind == System.Text.Json.JsonValueKind.Object && v.TryGetProperty("id", out var vid) ? vid.GetString() : v.ToString(),
            System.Text.Json.JsonValueKind.Object when el.TryGetProperty("id", out var id) => id.GetString(),
            System.Text.Json.JsonValueKind.Object when el.TryGetProperty("name", out var n) => n.GetString(),
            _ => null,
        };
        if (string.IsNullOrEmpty(key) || !d.Variables.Any(v => v.Id == key || v.Name == key))
        {
            errors.Add(new($"Het veld '{field}' van '{label}' verwijst naar variabele '{key}', die niet bestaat. Voeg de variabele toe of kies een andere.", node.Id));
        }
    }

    /// <summary>The shortest gap between the next few moments of a cron schedule; null when it has fewer than two.</summary>
    private static TimeSpan? ShortestCronGap(string cron)
    {
        var expression = Activities.BuiltIn.Cron.Parse(cron);
        TimeSpan? shortest = null;
        var previous = Activities.BuiltIn.Cron.NextAfter(expression, DateTimeOffset.UtcNow);
        for (var i = 0; i < 8 && previous is not null; i++)
        {
            var next = Activities.BuiltIn.Cron.NextAfter(expression, previous.Value);
            if (next is null) break;
            var gap = next.Value - previous.Value;
            shortest = shortest is null || gap < shortest ? gap : shortest;
            previous = next;
        }
        return shortest;
    }

    private static string Describe(TimeSpan t) =>
        t.TotalMinutes >= 1 && t.TotalMinutes == Math.Floor(t.TotalMinutes) ? (t.TotalMinutes == 1 ? "één minuut" : $"{t.TotalMinutes:0} minuten") : $"{t.TotalSeconds:0} seconden";

    /// <summary>The outcome ports of an activity node: static descriptor ports, or the dynamic outcomes it lists; null = unknown type.</summary>
    public IReadOnlyList<string>? PortsOf(ActivityNode node)
    {
        var descriptor = Find(node.Type);
        if (descriptor is null)
        {
            return null;
        }
        if (node.Type == Activities.BuiltIn.FlowSwitch.TypeName)
        {
            // Elsa's FlowSwitch: one port per case label, plus "Default".
            var casesJson = node.Properties?.TryGetValue("cases", out var el) == true ? el.GetRawText() : null;
            try
            {
                return [.. Activities.BuiltIn.SwitchCases.Parse(casesJson, node.Name ?? node.Id).Select(c => c.Label), Activities.BuiltIn.FlowSwitch.DefaultOutcome];
            }
            catch (ActivityInputException)
            {
                return [Activities.BuiltIn.FlowSwitch.DefaultOutcome];
            }
        }
        if (node.Type == Activities.Http.FlowSendHttpRequest.TypeName)
        {
            return Activities.Http.FlowSendHttpRequest.PortsOf(node);
        }
        if (node.Type == Activities.Http.HttpEndpoint.TypeName)
        {
            return Activities.Http.HttpEndpoint.PortsOf(node);
        }
        if (node.Type == ActivityNode.FlowchartType)
        {
            // A nested flowchart completes with "Done" (Elsa), though as the root container it has no ports in Studio.
            return [Activity.DoneOutcome];
        }
        var dynamicInput = descriptor.Inputs.FirstOrDefault(i => i.UiHint == Activities.Attributes.UiHints.DynamicOutcomes);
        if (dynamicInput is null)
        {
            return descriptor.Ports.Where(p => p.Type == Activities.Descriptors.PortDescriptor.Flow).Select(p => p.Name).ToList();
        }
        var raw = node.GetInput(dynamicInput.Name)?.Expression?.Value ?? dynamicInput.DefaultValue;
        string[] dynamic;
        try
        {
            dynamic = string.IsNullOrWhiteSpace(raw) ? [] : (string[])InputBinder.Convert(raw, typeof(string[]), dynamicInput.DisplayName)!;
        }
        catch (ActivityInputException)
        {
            dynamic = [];
        }
        return node.Type == Activities.BuiltIn.RunJavaScript.TypeName ? Activities.BuiltIn.RunJavaScript.Ports(dynamic) : dynamic;
    }

    private void ValidateInputs(ActivityNode node, string label, Type type, WorkflowDefinition d, List<ValidationError> errors)
    {
        foreach (var (p, attr) in ActivityDescriber.InputProperties(type))
        {
            if (!attr.IsWrapped && attr.UIHint == Activities.Attributes.UiHints.VariablePicker)
            {
                ValidateVariableReference(node, label, p.Name, attr.DisplayName ?? p.Name, d, errors);
                continue;
            }
            var input = node.GetInput(p.Name);
            if (input?.Expression is not { } e)
            {
                continue;
            }
            var field = attr.DisplayName ?? p.Name;
            if (e.Type == ExpressionTypes.CSharp)
            {
                errors.Add(new(ExpressionTypes.CSharpRefused(field, label), node.Id));
                continue;
            }
            if (!ExpressionTypes.Supported.Contains(e.Type))
            {
                errors.Add(new($"Het veld '{field}' van '{label}' gebruikt expressietype '{e.Type}', dat deze server niet kent. Gebruik {string.Join(", ", ExpressionTypes.Supported)}.", node.Id));
                continue;
            }
            if (type == typeof(Activities.Http.HttpEndpoint) && p.Name == nameof(Activities.Http.HttpEndpoint.Path)
                && e.Type is not (ExpressionTypes.Literal or ExpressionTypes.Object) && Runtime.EventTriggers.CanStartWorkflow(node))
            {
                // Elsa computes such a path once when it indexes the trigger; here the address is read from the published definition,
                // so a computed path would be accepted and never reached.
                errors.Add(new($"Het veld '{field}' van '{label}' is een {e.Type}-expressie. Het pad van een HTTP-eindpunt dat de workflow start, "
                    + "moet vaste tekst zijn (bijv. 'meldingen/{id}'): de server leest het adres bij het publiceren. Vul het pad als tekst in.", node.Id));
                continue;
            }
            if (e.Type == ExpressionTypes.Liquid)
            {
                if (!string.IsNullOrEmpty(e.Value) && liquid.CheckSyntax(e.Value) is { } liquidReason)
                {
                    errors.Add(new($"Het Liquid-veld '{field}' van '{label}' is niet bruikbaar: {liquidReason}.", node.Id));
                }
                continue;
            }
            if (e.Type == ExpressionTypes.JavaScript)
            {
                if (!string.IsNullOrWhiteSpace(e.Value) && javaScript.CheckSyntax(e.Value) is { } reason)
                {
                    errors.Add(new($"Het JavaScript-veld '{field}' van '{label}' is niet bruikbaar: {reason}.", node.Id));
                }
                continue;
            }
            if (e.Type == ExpressionTypes.Variable)
            {
                if (!d.Variables.Any(v => v.Id == e.Value || v.Name == e.Value))
                {
                    errors.Add(new($"Het veld '{field}' van '{label}' verwijst naar variabele '{e.Value}', die niet bestaat. Voeg de variabele toe of kies een andere.", node.Id));
                }
                continue;
            }
            if (string.IsNullOrEmpty(e.Value))
            {
                continue;
            }
            try
            {
                InputBinder.Convert(e.Value, p.PropertyType, field);
            }
            catch (ActivityInputException ex)
            {
                errors.Add(new($"{ex.Message} (activiteit '{label}')", node.Id));
                continue;
            }
            // Durations and cron schedules are text inputs that the activity parses; check them now, not at run time.
            if (type == typeof(Activities.BuiltIn.Delay) && p.Name is not nameof(Activities.BuiltIn.Delay.Strategy) || p.Name is "DueAfter")
            {
                if (!IsoDuration.TryParse(e.Value, out _))
                {
                    errors.Add(new($"De duur '{e.Value}' bij '{field}' van '{label}' is niet geldig. Gebruik bijvoorbeeld P6W, P1M, P2D of PT30S.", node.Id));
                }
            }
            else if (type == typeof(Activities.BuiltIn.Cron) && !Activities.BuiltIn.Cron.TryParse(e.Value, out _))
            {
                errors.Add(new($"De cron-expressie '{e.Value}' van '{label}' is niet geldig. Gebruik cron-notatie met seconden, bijv. '0 0 8 ? * MON'.", node.Id));
            }
            else if (type == typeof(Activities.BuiltIn.Cron) && ShortestCronGap(e.Value.Trim()) is { } gap && gap < options.MinimumTriggerInterval)
            {
                errors.Add(new($"Het schema '{e.Value}' van '{label}' start de workflow vaker dan eens per {Describe(options.MinimumTriggerInterval)}. Kies een ruimer schema.", node.Id));
            }
            else if (type == typeof(Activities.BuiltIn.Timer))
            {
                var interval = Activities.BuiltIn.Timer.IntervalOf(e.Value);
                if (interval is null)
                {
                    errors.Add(new($"Het interval '{e.Value}' van '{label}' is niet geldig. Gebruik bijvoorbeeld 00:05:00, 1.00:00:00 of P1D.", node.Id));
                }
                else if (interval < options.MinimumTriggerInterval)
                {
                    errors.Add(new($"Het interval '{e.Value}' van '{label}' is korter dan het minimum van {Describe(options.MinimumTriggerInterval)}. Kies een langer interval.", node.Id));
                }
            }
        }
    }
}
