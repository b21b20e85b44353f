using System.Collections.Concurrent;
using System.Globalization;
using Acornima.Ast;
using Jint;
using JsEngine = Jint.Engine;
using Jint.Native;
using Jint.Runtime;

namespace ChatArchive.Workflows.Engine.Expressions;

/// <summary>
/// Evaluates Elsa's JavaScript expressions with Jint, in a sandbox: no .NET interop (Jint's CLR access is never
/// enabled and no .NET object is handed to a script, only functions and plain JavaScript values), and limits on
/// time, statements, memory and call depth (<see cref="JavaScriptOptions"/>).
/// The functions Elsa 3 offers a script: <c>getVariable(name)</c>, <c>setVariable(name, value)</c>, <c>variables.X</c>
/// (read and write), <c>get{Name}()</c> / <c>set{Name}(value)</c> per declared variable, <c>getInput(name)</c>,
/// <c>getWorkflowInstanceId()</c>, <c>getWorkflowDefinitionId()</c>, <c>getCorrelationId()</c>.
/// Values are stored as literal text (variables) and converted by the variable's declared type on the way in.
/// </summary>
public sealed class JavaScriptEvaluator(JavaScriptOptions options)
{
    private const int MaxCachedScripts = 2048;
    private readonly ConcurrentDictionary<string, Prepared<Script>> prepared = new(StringComparer.Ordinal);

    public JavaScriptEvaluator() : this(new JavaScriptOptions()) { }

    public JavaScriptOptions Options => options;

    /// <summary>Null when <paramref name="script"/> parses; otherwise the Dutch reason.</summary>
    public string? CheckSyntax(string script)
    {
        try
        {
            Prepare(script);
            return null;
        }
        catch (ExpressionException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// Runs <paramref name="script"/> and returns its completion value as literal text (null for null/undefined;
    /// "True"/"False"; numbers invariant; objects and arrays as JSON). Variables the script changes are written to
    /// <see cref="ExpressionContext.Variables"/>. Throws <see cref="ExpressionException"/> with a Dutch reason.
    /// </summary>
    public string? Evaluate(string script, ExpressionContext context)
    {
        var parsed = Prepare(script);
        var engine = new JsEngine(o => o
            .Strict(false)
            .LimitRecursion(options.MaxRecursionDepth)
            .MaxStatements(options.MaxStatements)
            .LimitMemory(options.MemoryLimitBytes)
            .TimeoutInterval(options.Timeout));
        var variables = new JsObject(engine);
        var initial = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in context.Variables)
        {
            initial[name] = value;
            variables.Set(name, ToJs(engine, value, context.FindVariable(name)?.TypeName));
        }
        var explicitlySet = new HashSet<string>(StringComparer.Ordinal);

        JsValue Get(string name) => variables.Get(name);
        void Set(string name, JsValue value)
        {
            variables.Set(name, value);
            explicitlySet.Add(name);
        }

        engine.SetValue("variables", variables);
        engine.SetValue("getVariable", new Func<string, JsValue>(Get));
        engine.SetValue("setVariable", new Action<string, JsValue>(Set));
        engine.SetValue("getInput", new Func<string, JsValue>(name =>
            context.Input.TryGetValue(name, out var v) ? ToJs(engine, v, null) : JsValue.Undefined));
        engine.SetValue("getWorkflowInstanceId", new Func<string?>(() => context.InstanceId));
        engine.SetValue("getWorkflowDefinitionId", new Func<string?>(() => context.DefinitionId));
        engine.SetValue("getCorrelationId", new Func<string?>(() => context.CorrelationId));
        foreach (var v in context.VariableDefinitions)
        {
            if (IsIdentifier(v.Name))
            {
                var name = v.Name;
                engine.SetValue("get" + name, new Func<JsValue>(() => Get(name)));
                engine.SetValue("set" + name, new Action<JsValue>(value => Set(name, value)));
            }
        }

        JsValue result;
        try
        {
            result = engine.Evaluate(parsed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ExpressionException(Reason(ex));
        }

        // Write back what changed: setVariable/set{Name}, or an assignment to variables.X.
        foreach (var key in variables.GetOwnPropertyKeys())
        {
            var name = key.ToString();
            var text = ToText(engine, variables.Get(name));
            if (explicitlySet.Contains(name) || !initial.TryGetValue(name, out var before) || !string.Equals(Normalize(engine, before, context.FindVariable(name)?.TypeName), text, StringComparison.Ordinal))
            {
                context.Variables[name] = text;
            }
        }
        return ToText(engine, result);
    }

    private Prepared<Script> Prepare(string script)
    {
        if (prepared.TryGetValue(script, out var p))
        {
            return p;
        }
        try
        {
            p = JsEngine.PrepareScript(script);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ExpressionException($"het script is geen geldige JavaScript ({FirstLine(ex.Message)})");
        }
        if (prepared.Count >= MaxCachedScripts)
        {
            prepared.Clear();
        }
        prepared[script] = p;
        return p;
    }

    private string Reason(Exception ex) => ex switch
    {
        TimeoutException => $"het script duurde langer dan {options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s en is afgebroken",
        StatementsCountOverflowException => $"het script voerde meer dan {options.MaxStatements} opdrachten uit (een lus die niet eindigt?) en is afgebroken",
        MemoryLimitExceededException => $"het script gebruikte meer dan {options.MemoryLimitBytes / (1024 * 1024)} MB geheugen en is afgebroken",
        RecursionDepthOverflowException => $"het script riep zichzelf dieper aan dan {options.MaxRecursionDepth} niveaus en is afgebroken",
        JavaScriptException js => $"fout in het script: {FirstLine(js.Message)}",
        Acornima.ParseErrorException => $"het script is geen geldige JavaScript ({FirstLine(ex.Message)})",
        _ => $"het script is mislukt ({ex.GetType().Name})",
    };

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

    private static readonly HashSet<string> NumberTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Int16", "Int32", "Int64", "UInt16", "UInt32", "UInt64", "Byte", "Single", "Double", "Decimal", "Number",
    };

    /// <summary>Stored literal text → a JavaScript value, by the variable's declared type (untyped: JSON objects and arrays are parsed).</summary>
    public static JsValue ToJs(JsEngine engine, string? text, string? typeName)
    {
        if (text is null)
        {
            return JsValue.Null;
        }
        var trimmed = text.Trim();
        if (string.Equals(typeName, "Boolean", StringComparison.OrdinalIgnoreCase) && bool.TryParse(trimmed, out var b))
        {
            return b ? JsBoolean.True : JsBoolean.False;
        }
        if (typeName is not null && NumberTypes.Contains(typeName) && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return new JsNumber(d);
        }
        if (!string.Equals(typeName, "String", StringComparison.OrdinalIgnoreCase) && trimmed.Length > 1
            && (trimmed[0] == '{' && trimmed[^1] == '}' || trimmed[0] == '[' && trimmed[^1] == ']'))
        {
            try
            {
                return new Jint.Native.Json.JsonParser(engine).Parse(trimmed);
            }
            catch (Exception ex) when (ex is JavaScriptException or JintException)
            {
                return new JsString(text);
            }
        }
        return new JsString(text);
    }

    /// <summary>A JavaScript value → literal text as the engine stores it.</summary>
    public static string? ToText(JsEngine engine, JsValue value)
    {
        if (value.IsNull() || value.IsUndefined())
        {
            return null;
        }
        if (value.IsBoolean())
        {
            return value.AsBoolean() ? "True" : "False";
        }
        if (value.IsNumber())
        {
            var d = value.AsNumber();
            return Math.Abs(d) < 1e15 && d == Math.Floor(d)
                ? ((long)d).ToString(CultureInfo.InvariantCulture)
                : d.ToString("R", CultureInfo.InvariantCulture);
        }
        if (value.IsString())
        {
            return value.AsString();
        }
        if (value.IsDate())
        {
            return value.AsDate().ToDateTime().ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);
        }
        var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(value);
        return json.IsUndefined() ? null : json.AsString();
    }

    private static string? Normalize(JsEngine engine, string? text, string? typeName) => ToText(engine, ToJs(engine, text, typeName));
}
