using System.Globalization;
using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Expressions;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>
/// Fills an activity's input properties from the definition node: a literal (or Object JSON text), a
/// workflow variable by name or id, or a JavaScript expression (evaluated in the sandbox of <see cref="JavaScriptEvaluator"/>).
/// An empty value keeps the declared default. Conversion failures are <see cref="ActivityInputException"/>s.
/// </summary>
public static class InputBinder
{
    public static IReadOnlyDictionary<string, string?> Bind(Activity activity, ActivityNode node, IDictionary<string, string?> variables,
        IReadOnlyList<VariableDefinition> variableDefinitions) =>
        Bind(activity, node, new ExpressionContext { Variables = variables, VariableDefinitions = variableDefinitions, Input = new Dictionary<string, string?>() });

    /// <summary>Binds every input of <paramref name="activity"/>; expressions are evaluated in <paramref name="context"/> (scripts may change variables).</summary>
    public static IReadOnlyDictionary<string, string?> Bind(Activity activity, ActivityNode node, ExpressionContext context)
    {
        var bound = new Dictionary<string, string?>();
        var label = node.Name ?? node.Id;
        foreach (var (p, attr) in ActivityDescriber.InputProperties(activity.GetType()))
        {
            var field = attr.DisplayName ?? p.Name;
            var raw = attr.IsWrapped
                ? Resolve(node.GetInput(p.Name), context, field, label)
                : ResolvePlain(node, p.Name, attr, context, field, label);
            if (string.IsNullOrEmpty(raw))
            {
                raw = attr.DefaultValue;
            }
            if (string.IsNullOrEmpty(raw))
            {
                if (attr.Required && p.GetValue(activity) is null or "")
                {
                    throw new ActivityInputException($"Vul bij activiteit '{label}' het veld '{field}' in.");
                }
                continue;
            }
            p.SetValue(activity, Convert(raw, p.PropertyType, field));
            bound[p.Name] = raw;
        }
        return bound;
    }

    /// <summary>
    /// An input stored as a plain value (descriptor <c>isWrapped: false</c>): Elsa's variable reference
    /// <c>{"id","name","typeName",…}</c>, a string, or (as some Studio versions write it) a wrapped expression after all.
    /// A variable-picker input binds to the variable's name.
    /// </summary>
    private static string? ResolvePlain(ActivityNode node, string inputName, InputAttribute attr, ExpressionContext context, string field, string label)
    {
        if (node.Properties is null || !node.Properties.TryGetValue(ActivityNode.InputKey(inputName), out var el))
        {
            return null;
        }
        string? value;
        switch (el.ValueKind)
        {
            case JsonValueKind.Object when el.TryGetProperty("expression", out _):
                var wrapped = node.GetInput(inputName);
                // A variable picker wants the variable itself, not its value.
                value = attr.UIHint == UiHints.VariablePicker && wrapped?.Expression?.Type == ExpressionTypes.Variable
                    ? wrapped.Expression.Value
                    : Resolve(wrapped, context, field, label);
                break;
            case JsonValueKind.Object:
                value = el.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()
                    : el.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()
                    : el.GetRawText();
                break;
            case JsonValueKind.String:
                value = el.GetString();
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            default:
                value = el.GetRawText();
                break;
        }
        if (attr.UIHint == UiHints.VariablePicker && !string.IsNullOrEmpty(value))
        {
            var variable = context.VariableDefinitions.FirstOrDefault(v => v.Id == value) ?? context.VariableDefinitions.FirstOrDefault(v => v.Name == value);
            if (variable is null)
            {
                throw new ActivityInputException(
                    $"Het veld '{field}' van activiteit '{label}' verwijst naar variabele '{value}', maar die bestaat niet in deze workflow. Voeg de variabele toe of kies een andere.");
            }
            return variable.Name;
        }
        return value;
    }

    /// <summary>Evaluates one expression an activity holds itself (a switch case's condition), with the same rules as an input.</summary>
    public static string? Evaluate(InputExpression expression, ExpressionContext context, string displayName, string label) =>
        Resolve(new WrappedInput { Expression = expression }, context, displayName, label);

    private static string? Resolve(WrappedInput? input, ExpressionContext context, string displayName, string label)
    {
        if (input?.Expression is not { } e)
        {
            return null;
        }
        switch (e.Type)
        {
            case ExpressionTypes.Literal:
            case ExpressionTypes.Object:
                return e.Value;
            case ExpressionTypes.Variable:
                var key = e.Value ?? "";
                var name = context.VariableDefinitions.FirstOrDefault(v => v.Id == key)?.Name ?? key;
                if (context.Variables.TryGetValue(name, out var value))
                {
                    return value;
                }
                throw new ActivityInputException($"Het veld '{displayName}' verwijst naar variabele '{key}', maar die bestaat niet in deze workflow. Voeg de variabele toe of kies een andere.");
            case ExpressionTypes.JavaScript:
                if (context.JavaScript is null)
                {
                    throw new ActivityInputException($"Het veld '{displayName}' van activiteit '{label}' is een JavaScript-expressie, maar hier is geen script-engine beschikbaar.");
                }
                if (string.IsNullOrWhiteSpace(e.Value))
                {
                    return null;
                }
                try
                {
                    return context.JavaScript.Evaluate(e.Value, context);
                }
                catch (ExpressionException ex)
                {
                    throw new ActivityInputException($"Het JavaScript-veld '{displayName}' van activiteit '{label}' kon niet worden berekend: {ex.Message}.");
                }
            case ExpressionTypes.Liquid:
                if (context.Liquid is null)
                {
                    throw new ActivityInputException($"Het veld '{displayName}' van activiteit '{label}' is een Liquid-expressie, maar hier is geen Liquid beschikbaar.");
                }
                try
                {
                    return e.Value is null ? null : context.Liquid.Evaluate(e.Value, context);
                }
                catch (ExpressionException ex)
                {
                    throw new ActivityInputException($"Het Liquid-veld '{displayName}' van activiteit '{label}' kon niet worden berekend: {ex.Message}.");
                }
            case ExpressionTypes.CSharp:
                throw new ActivityInputException(ExpressionTypes.CSharpRefused(displayName, label));
            default:
                throw new ActivityInputException(
                    $"Het veld '{displayName}' van activiteit '{label}' gebruikt expressietype '{e.Type}', dat deze server niet kent. Gebruik Literal, Variable, Object, JavaScript of Liquid.");
        }
    }

    public static object? Convert(string raw, Type type, string displayName)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var ci = CultureInfo.InvariantCulture;
        try
        {
            if (t == typeof(string)) return raw;
            if (t == typeof(int)) return int.Parse(raw.Trim(), NumberStyles.Integer, ci);
            if (t == typeof(long)) return long.Parse(raw.Trim(), NumberStyles.Integer, ci);
            if (t == typeof(decimal)) return decimal.Parse(raw.Trim(), NumberStyles.Number, ci);
            if (t == typeof(double)) return double.Parse(raw.Trim(), NumberStyles.Float, ci);
            if (t == typeof(bool)) return bool.Parse(raw.Trim());
            if (t == typeof(DateTimeOffset)) return DateTimeOffset.Parse(raw.Trim(), ci, DateTimeStyles.AssumeUniversal);
            if (t == typeof(DateTime)) return DateTimeOffset.Parse(raw.Trim(), ci, DateTimeStyles.AssumeUniversal).UtcDateTime;
            if (t == typeof(TimeSpan)) return TimeSpan.Parse(raw.Trim(), ci);
            if (t.IsEnum) return Enum.Parse(t, raw.Trim(), ignoreCase: true);
            if (t == typeof(string[]))
            {
                var trimmed = raw.Trim();
                if (trimmed.StartsWith('['))
                {
                    return JsonSerializer.Deserialize<string[]>(trimmed) ?? [];
                }
                return trimmed.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or JsonException or ArgumentException)
        {
            throw new ActivityInputException($"De waarde '{raw}' past niet bij het veld '{displayName}' ({ActivityTypeNames.For(t)}). Verbeter de waarde in de editor.");
        }
        throw new ActivityInputException($"Het veld '{displayName}' heeft een type dat de engine niet kan vullen.");
    }
}
