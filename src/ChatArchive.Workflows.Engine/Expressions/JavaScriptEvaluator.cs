using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Acornima.Ast;
using Jint;
using Jint.Constraints;
using JsEngine = Jint.Engine;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace ChatArchive.Workflows.Engine.Expressions;

/// <summary>
/// Evaluates Elsa's JavaScript expressions with Jint, in a sandbox: no .NET interop (Jint's CLR access is never
/// enabled and no .NET object is handed to a script, only functions and plain JavaScript values), and limits on
/// time, statements, memory and call depth (<see cref="JavaScriptOptions"/>).
/// The functions Elsa 3 offers a script: <c>getVariable(name)</c>, <c>setVariable(name, value)</c>, <c>variables.X</c>
/// (read and write), <c>get{Name}()</c> / <c>set{Name}(value)</c> per declared variable, <c>getInput(name)</c>,
/// <c>getWorkflowInstanceId()</c>, <c>getWorkflowDefinitionId()</c>, <c>getCorrelationId()</c>, and earlier activities' outputs with
/// <c>getOutputFrom(activityIdOrName, outputName?)</c>, <c>get{Output}From{Activity}()</c> and <c>getLastResult()</c> (<see cref="ActivityOutputScope"/>);
/// in Elsa.RunJavaScript's script also <c>setOutcome(name)</c> and <c>setOutcomes([...])</c>.
/// Values are stored as literal text (variables) and converted by the variable's declared type on the way in.
/// </summary>
public sealed class JavaScriptEvaluator(JavaScriptOptions options)
{
    private const int MaxCachedScripts = 2048;
    private readonly ConcurrentDictionary<string, PreparedScript> prepared = new(StringComparer.Ordinal);
    private readonly ThreadLocal<Sandbox?> pool = new();

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
    /// A script that declares nothing at its top level (a condition, an assignment, a call) runs on this thread's
    /// pooled sandbox (<see cref="Sandbox"/>): its engine, built-ins and host functions are set up once; a script
    /// with top-level declarations (<c>var</c>, <c>let</c>, <c>function</c>, <c>class</c>) gets an engine of its own.
    /// </summary>
    public string? Evaluate(string script, ExpressionContext context)
    {
        var entry = Prepare(script);
        var sandbox = entry.Reusable ? TakePooled(context) : null;
        var pooledRun = sandbox is not null;
        sandbox ??= new Sandbox(this, freeze: false);
        var failed = true;
        try
        {
            var result = sandbox.Run(entry.Script, context, script);
            failed = false;
            return result;
        }
        finally
        {
            if (pooledRun)
            {
                // A failed script may leave its engine half-way (call stack, constraints): never reuse it.
                if (failed || !sandbox.Reset())
                {
                    pool.Value = null;
                }
                else
                {
                    sandbox.InUse = false;
                }
            }
        }
    }

    private Sandbox? TakePooled(ExpressionContext context)
    {
        var sandbox = pool.Value;
        if (sandbox is null)
        {
            try
            {
                sandbox = new Sandbox(this, freeze: true);
            }
            catch (Exception ex) when (ex is JintException)
            {
                // The one-time set-up failed (memory limit set very low?): this evaluation gets an engine of its own.
                return null;
            }
            pool.Value = sandbox;
        }
        if (sandbox.InUse || !sandbox.CanHost(context))
        {
            return null;
        }
        sandbox.InUse = true;
        return sandbox;
    }

    private PreparedScript Prepare(string script)
    {
        if (prepared.TryGetValue(script, out var p))
        {
            return p;
        }
        Prepared<Script> parsed;
        try
        {
            parsed = JsEngine.PrepareScript(script);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ExpressionException($"het script is geen geldige JavaScript ({FirstLine(ex.Message)})");
        }
        if (prepared.Count >= MaxCachedScripts)
        {
            prepared.Clear();
        }
        p = new PreparedScript(parsed, !DeclaresGlobals(parsed.Program!));
        prepared[script] = p;
        return p;
    }

    private sealed record PreparedScript(Prepared<Script> Script, bool Reusable);

    /// <summary>
    /// True when the script declares something that would outlive it in a shared engine's global scope: a
    /// declaration (<c>var</c>, <c>let</c>, <c>const</c>, <c>function</c>, <c>class</c>) anywhere outside a function.
    /// Declarations inside functions are local and do not count. Conservative: block-scoped ones count too.
    /// </summary>
    private static bool DeclaresGlobals(Node node)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case VariableDeclaration or FunctionDeclaration or ClassDeclaration:
                    return true;
                case FunctionExpression or ArrowFunctionExpression:
                    continue;
            }
            if (DeclaresGlobals(child))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// One Jint engine with Elsa's host functions installed once. They read the evaluation in progress
    /// (<see cref="context"/>), so nothing is set up per evaluation but the <c>variables</c> object and the
    /// <c>get{Name}</c>/<c>set{Name}</c> functions of the declared variables. A pooled sandbox (<c>freeze</c>) also
    /// freezes every built-in object and locks the global bindings once, so no script can change what the next
    /// script (of another instance or department) sees; globals a script creates are deleted after it ran.
    /// </summary>
    private sealed class Sandbox
    {
        private readonly JavaScriptEvaluator owner;
        private readonly JsEngine engine;
        private readonly HashSet<string> baseline = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (JsValue Get, JsValue Set)> accessors = new(StringComparer.Ordinal);
        private readonly List<string> installed = [];
        private readonly HashSet<string> explicitlySet = new(StringComparer.Ordinal);
        private ExpressionContext? context;
        private JsObject? variables;
        private readonly JsValue? freezer;
        private readonly Deadline deadline;

        public bool InUse { get; set; }

        public Sandbox(JavaScriptEvaluator owner, bool freeze)
        {
            this.owner = owner;
            var options = owner.Options;
            deadline = new Deadline(options.Timeout);
            engine = new JsEngine(o => o
                .Strict(false)
                .LimitRecursion(options.MaxRecursionDepth)
                .MaxStatements(options.MaxStatements)
                .LimitMemory(options.MemoryLimitBytes)
                .Constraint(deadline));
            Define("getVariable", args => Get(Text(args, 0)));
            Define("setVariable", args =>
            {
                Set(Text(args, 0), args.Length > 1 ? args[1] : JsValue.Undefined);
                return JsValue.Undefined;
            });
            Define("getInput", args =>
                context!.Input.TryGetValue(Text(args, 0), out var v) ? ToJs(engine, v, context.InputTypes.GetValueOrDefault(Text(args, 0))) : JsValue.Undefined);
            Define("getWorkflowInstanceId", _ => Value(context!.InstanceId));
            Define("getWorkflowDefinitionId", _ => Value(context!.DefinitionId));
            Define("getCorrelationId", _ => Value(context!.CorrelationId));
            Define("setOutcome", args => Outcomes([Text(args, 0)]));
            Define("setOutcomes", args => Outcomes(args.Length > 0 && args[0] is Jint.Native.JsArray list
                ? [.. list.Select(v => TypeConverter.ToString(v))]
                : [Text(args, 0)]));
            Define("getLastResult", _ => context!.ActivityOutputs?.LastResult is { } last ? ToJs(engine, last, null) : JsValue.Null);
            // Elsa's common functions that touch no workflow state (the byte and stream ones are left out: no .NET objects reach a script).
            Define("isNullOrWhiteSpace", args => args.Length == 0 || args[0].IsNull() || args[0].IsUndefined() || string.IsNullOrWhiteSpace(TypeConverter.ToString(args[0])));
            Define("isNullOrEmpty", args => args.Length == 0 || args[0].IsNull() || args[0].IsUndefined() || TypeConverter.ToString(args[0]).Length == 0);
            Define("toJson", args => new Jint.Native.Json.JsonSerializer(engine).Serialize(args.Length > 0 ? args[0] : JsValue.Undefined));
            Define("parseGuid", args => Guid.Parse(Text(args, 0)).ToString());
            Define("newGuid", _ => Guid.NewGuid().ToString());
            Define("newGuidString", _ => Guid.NewGuid().ToString());
            Define("getGuidString", _ => Guid.NewGuid().ToString());
            Define("newShortGuid", _ => ShortGuid());
            Define("getShortGuid", _ => ShortGuid());
            Define("stringToBase64", args => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Text(args, 0))));
            Define("stringFromBase64", args => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Text(args, 0))));
            Define("getOutputFrom", args => OutputFrom(Text(args, 0),
                args.Length > 1 && !args[1].IsUndefined() && !args[1].IsNull() ? TypeConverter.ToString(args[1]) : null));
            if (freeze)
            {
                // The set-up walks every built-in once: it counts against neither the statement nor the time limit
                // of the scripts.
                var statements = engine.Constraints.Find<MaxStatementsConstraint>();
                statements?.MaxStatements = int.MaxValue;
                deadline.Suspended = true;
                engine.Execute(FreezeScript);
                deadline.Suspended = false;
                statements?.MaxStatements = options.MaxStatements;
                freezer = engine.Evaluate("Object.freeze");
                engine.SetValue("variables", JsValue.Undefined);
                foreach (var key in engine.Global.GetOwnPropertyKeys())
                {
                    baseline.Add(key.ToString());
                }
            }
        }

        /// <summary>False when the context's variable functions would clash with a global this sandbox locked.</summary>
        public bool CanHost(ExpressionContext candidate)
        {
            foreach (var v in candidate.VariableDefinitions)
            {
                if (IsIdentifier(v.Name) && (baseline.Contains("get" + v.Name) || baseline.Contains("set" + v.Name)))
                {
                    return false;
                }
            }
            return true;
        }

        public string? Run(Prepared<Script> script, ExpressionContext current, string source)
        {
            context = current;
            explicitlySet.Clear();
            variables = new JsObject(engine);
            foreach (var (name, value) in current.Variables)
            {
                variables.Set(name, ToJs(engine, value, current.FindVariable(name)?.TypeName));
            }
            engine.SetValue("variables", variables);
            foreach (var v in current.VariableDefinitions)
            {
                if (IsIdentifier(v.Name))
                {
                    if (!accessors.TryGetValue(v.Name, out var pair))
                    {
                        var name = v.Name;
                        pair = (Function("get" + name, _ => Get(name)), Function("set" + name, args =>
                        {
                            Set(name, args.Length > 0 ? args[0] : JsValue.Undefined);
                            return JsValue.Undefined;
                        }));
                        if (freezer is not null)
                        {
                            // Kept for the next evaluations, so frozen like the built-ins.
                            engine.Invoke(freezer, pair.Get);
                            engine.Invoke(freezer, pair.Set);
                        }
                        if (accessors.Count >= MaxCachedScripts)
                        {
                            accessors.Clear();
                        }
                        accessors[name] = pair;
                    }
                    engine.SetValue("get" + v.Name, pair.Get);
                    engine.SetValue("set" + v.Name, pair.Set);
                    installed.Add(v.Name);
                }
            }
            if (current.InputFunctions || current.InputNames.Count > 0)
            {
                InstallInputGetters(current);
            }
            if (current.ActivityOutputs is not null && source.Contains("From", StringComparison.Ordinal))
            {
                InstallOutputAccessors(current.ActivityOutputs, source);
            }

            JsValue result;
            try
            {
                result = engine.Evaluate(script);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new ExpressionException(owner.Reason(ex));
            }

            // Write back what changed: setVariable/set{Name}, or an assignment to variables.X.
            foreach (var key in variables.GetOwnPropertyKeys())
            {
                var name = key.ToString();
                var value = variables.Get(name);
                var declared = current.FindVariable(name)?.TypeName;
                var known = current.Variables.TryGetValue(name, out var before);
                if (explicitlySet.Contains(name) || !known)
                {
                    current.Variables[name] = ToText(engine, value);
                    continue;
                }
                var text = ToText(engine, value);
                if (!string.Equals(Normalize(engine, before, declared), text, StringComparison.Ordinal))
                {
                    current.Variables[name] = text;
                }
            }
            return ToText(engine, result);
        }

        /// <summary>
        /// <c>get{Input}()</c> per declared workflow input, and for a workflow run as an activity per input it was given (Elsa declares the
        /// activity's inputs in the used workflow's scope). A name
        /// that is already taken (a variable's function, a host function such as <c>getVariable</c>) is left alone.
        /// </summary>
        private void InstallInputGetters(ExpressionContext current)
        {
            foreach (var key in (current.InputFunctions ? current.Input.Keys.Concat(current.InputNames) : current.InputNames).Distinct(StringComparer.Ordinal))
            {
                if (!IsIdentifier(key) || current.FindVariable(key) is not null || installed.Contains(key) || installedInputs.Contains(key)
                    || engine.Global.HasProperty("get" + key))
                {
                    continue;
                }
                var name = key;
                var getter = Function("get" + name, _ => context!.Input.TryGetValue(name, out var v) ? ToJs(engine, v, context.InputTypes.GetValueOrDefault(name)) : JsValue.Undefined);
                engine.SetValue("get" + name, getter);
                installedInputs.Add(name);
            }
        }

        private readonly List<string> installedInputs = [];
        private readonly List<string> installedOutputs = [];

        /// <summary>
        /// Elsa's <c>getOutputFrom(activityIdOrName, outputName)</c>: the output (default "Result") an activity of this container recorded
        /// since the instance last resumed; null when it recorded none; an error when no activity has that name or id.
        /// </summary>
        private JsValue OutputFrom(string idOrName, string? outputName)
        {
            var scope = context!.ActivityOutputs;
            var activity = scope?.Find(idOrName)
                ?? throw new ExpressionException($"getOutputFrom: er is geen activiteit '{idOrName}' op dit niveau van de workflow");
            return scope.TryRead(activity.Id, outputName, out var value) ? ToJs(engine, value, null) : JsValue.Null;
        }

        /// <summary>
        /// Elsa's <c>get{Output}From{Activity}()</c> accessors, for the ones the script names: the activity by its name (else id) in
        /// PascalCase; a name with several "From" is tried at each. A name that is already taken is left alone.
        /// </summary>
        private void InstallOutputAccessors(ActivityOutputScope scope, string text)
        {
            foreach (System.Text.RegularExpressions.Match m in Runtime.ActivityTree.OutputAccessorPattern().Matches(text))
            {
                var end = m.Index + m.Length;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '$'))
                {
                    end++;
                }
                var accessor = text[m.Index..end];
                if (installedOutputs.Contains(accessor) || engine.Global.HasProperty(accessor))
                {
                    continue;
                }
                for (var at = accessor.IndexOf("From", 3, StringComparison.Ordinal); at > 3; at = accessor.IndexOf("From", at + 1, StringComparison.Ordinal))
                {
                    var output = accessor[3..at];
                    if (at + 4 >= accessor.Length || scope.FindByAccessorName(accessor[(at + 4)..]) is not { } activity)
                    {
                        continue;
                    }
                    var activityId = activity.Id;
                    engine.SetValue(accessor, Function(accessor, _ =>
                        context!.ActivityOutputs!.TryRead(activityId, output, out var value) ? ToJs(engine, value, null) : JsValue.Null));
                    installedOutputs.Add(accessor);
                    break;
                }
            }
        }

        /// <summary>Clears what one evaluation left behind; false when that is not possible (then the sandbox is dropped).</summary>
        public bool Reset()
        {
            context = null;
            foreach (var name in installedInputs)
            {
                engine.Global.Delete("get" + name);
            }
            installedInputs.Clear();
            foreach (var name in installedOutputs)
            {
                engine.Global.Delete(name);
            }
            installedOutputs.Clear();
            variables = null;
            engine.SetValue("variables", JsValue.Undefined);
            foreach (var name in installed)
            {
                engine.Global.Delete("get" + name);
                engine.Global.Delete("set" + name);
            }
            installed.Clear();
            var keys = engine.Global.GetOwnPropertyKeys();
            if (keys.Count == baseline.Count)
            {
                return true;
            }
            foreach (var key in keys)
            {
                if (!baseline.Contains(key.ToString()) && !engine.Global.Delete(key))
                {
                    return false;
                }
            }
            return true;
        }

        private JsValue Get(string name) => variables!.Get(name);

        private void Set(string name, JsValue value)
        {
            variables!.Set(name, value);
            explicitlySet.Add(name);
        }

        private void Define(string name, Func<JsValue[], JsValue> body) => engine.SetValue(name, Function(name, body));

        private ClrFunction Function(string name, Func<JsValue[], JsValue> body) =>
            new(engine, name, (_, args) => body(args));

        private static string Text(JsValue[] args, int index) =>
            args.Length > index && !args[index].IsUndefined() ? TypeConverter.ToString(args[index]) : "undefined";

        /// <summary>Elsa.RunJavaScript's <c>setOutcome</c> / <c>setOutcomes</c>; anywhere else an error, as in Elsa (the functions exist only there).</summary>
        private JsValue Outcomes(IReadOnlyList<string> outcomes)
        {
            var set = context!.SetOutcomes
                ?? throw new ExpressionException("setOutcome en setOutcomes werken alleen in het script van een 'JavaScript uitvoeren'-activiteit.");
            set(outcomes);
            return JsValue.Undefined;
        }

        /// <summary>Elsa's short guid: a new guid's 16 bytes in base64 without '/', '+' and '='.</summary>
        private static string ShortGuid() =>
            Convert.ToBase64String(Guid.NewGuid().ToByteArray()).Replace("/", "", StringComparison.Ordinal).Replace("+", "", StringComparison.Ordinal)
                .Replace("=", "", StringComparison.Ordinal);

        private static JsValue Value(string? text) => text is null ? JsValue.Null : new JsString(text);
    }

    /// <summary>The wall-clock limit per evaluation (Jint's own time limit cannot be paused for the set-up).</summary>
    private sealed class Deadline(TimeSpan timeout) : Constraint
    {
        private readonly long ticks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        private long until;

        public bool Suspended { get; set; }

        public override bool IsAmortizable => true;

        public override void Check()
        {
            if (!Suspended && Stopwatch.GetTimestamp() > until)
            {
                throw new TimeoutException();
            }
        }

        public override void Reset() => until = Stopwatch.GetTimestamp() + ticks;
    }

    /// <summary>
    /// Run once per pooled engine: freezes every object reachable from the global object (built-in constructors,
    /// prototypes, their functions) and makes the global bindings read-only, so a script cannot change a built-in
    /// for the scripts after it. Globals a script creates stay possible (they are deleted after the script).
    /// </summary>
    private const string FreezeScript = """
        (function () {
          var seen = new Set();
          var todo = [globalThis];
          while (todo.length > 0) {
            var o = todo.pop();
            if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) continue;
            seen.add(o);
            var keys = Reflect.ownKeys(o);
            for (var i = 0; i < keys.length; i++) {
              var d = Reflect.getOwnPropertyDescriptor(o, keys[i]);
              if (!d) continue;
              if ('value' in d) todo.push(d.value); else { todo.push(d.get); todo.push(d.set); }
            }
            todo.push(Object.getPrototypeOf(o));
            if (o !== globalThis) Object.freeze(o);
          }
          var names = Reflect.ownKeys(globalThis);
          for (var j = 0; j < names.length; j++) {
            var g = Reflect.getOwnPropertyDescriptor(globalThis, names[j]);
            if (g.configurable) {
              Object.defineProperty(globalThis, names[j], 'value' in g ? { writable: false, configurable: false } : { configurable: false });
            }
          }
        })();
        """;

    private string Reason(Exception ex) => ex switch
    {
        TimeoutException => $"het script duurde langer dan {options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s en is afgebroken",
        StatementsCountOverflowException => $"het script voerde meer dan {options.MaxStatements} opdrachten uit (een lus die niet eindigt?) en is afgebroken",
        MemoryLimitExceededException => $"het script gebruikte meer dan {options.MemoryLimitBytes / (1024 * 1024)} MB geheugen en is afgebroken",
        RecursionDepthOverflowException => $"het script riep zichzelf dieper aan dan {options.MaxRecursionDepth} niveaus en is afgebroken",
        JavaScriptException js => $"fout in het script: {FirstLine(js.Message)}",
        ExpressionException own => own.Message,
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
