using System.Globalization;
using System.Text.Json;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>
/// Fills an activity's input properties from the definition node: a literal (or Object JSON text), or a
/// workflow variable by name or id (issue 6: "literal inputs and workflow variables; no script engine").
/// An empty value keeps the declared default. Conversion failures are <see cref="ActivityInputException"/>s.
/// </summary>
public static class InputBinder
{
    public static IReadOnlyDictionary<string, string?> Bind(Activity activity, ActivityNode node, IDictionary<string, string?> variables,
        IReadOnlyList<VariableDefinition> variableDefinitions)
    {
        var bound = new Dictionary<string, string?>();
        foreach (var (p, attr) in ActivityDescriber.InputProperties(activity.GetType()))
        {
            var raw = Resolve(node.GetInput(p.Name), variables, variableDefinitions, attr.DisplayName ?? p.Name);
            if (string.IsNullOrEmpty(raw))
            {
                raw = attr.DefaultValue;
            }
            if (string.IsNullOrEmpty(raw))
            {
                if (attr.Required && p.GetValue(activity) is null or "")
                {
                    throw new ActivityInputException($"Vul bij activiteit '{node.Name ?? node.Id}' het veld '{attr.DisplayName ?? p.Name}' in.");
                }
                continue;
            }
            p.SetValue(activity, Convert(raw, p.PropertyType, attr.DisplayName ?? p.Name));
            bound[p.Name] = raw;
        }
        return bound;
    }

    private static string? Resolve(WrappedInput? input, IDictionary<string, string?> variables, IReadOnlyList<VariableDefinition> definitions, string displayName)
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
                var name = definitions.FirstOrDefault(v => v.Id == key)?.Name ?? key;
                if (variables.TryGetValue(name, out var value))
                {
                    return value;
                }
                throw new ActivityInputException($"Het veld '{displayName}' verwijst naar variabele '{key}', maar die bestaat niet in deze workflow. Voeg de variabele toe of kies een andere.");
            default:
                throw new ActivityInputException(
                    $"Het veld '{displayName}' gebruikt expressietype '{e.Type}'. Alleen een vaste waarde (Literal) of een variabele is mogelijk.");
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
