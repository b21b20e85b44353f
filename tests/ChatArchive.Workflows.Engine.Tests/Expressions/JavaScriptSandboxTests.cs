using ChatArchive.Workflows.Engine.Expressions;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Tests.Expressions;

/// <summary>
/// The JavaScript evaluator reuses one sandboxed engine per thread for scripts without top-level declarations.
/// Reuse must be invisible: no script sees what an earlier one (of another instance or department) left behind,
/// and the sandbox limits hold for every evaluation, not only the first.
/// </summary>
public sealed class JavaScriptSandboxTests
{
    private static ExpressionContext Context(Dictionary<string, string?> variables, params (string Name, string Type)[] declared) => new()
    {
        Variables = variables,
        VariableDefinitions = declared.Select(d => new VariableDefinition { Id = d.Name, Name = d.Name, TypeName = d.Type }).ToList(),
        Input = new Dictionary<string, string?> { ["soort"] = "chat" },
        InstanceId = "inst-1",
    };

    [Fact]
    public void A_condition_evaluated_again_and_again_reads_each_contexts_own_variables()
    {
        var evaluator = new JavaScriptEvaluator();
        const string condition = "getVariable('Gemarkeerd') > 5 && variables.Status == 'open' && getInput('soort') == 'chat'";
        for (var i = 0; i < 50; i++)
        {
            var context = Context(new() { ["Gemarkeerd"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Status"] = "open" },
                ("Gemarkeerd", "Int32"), ("Status", "String"));
            Assert.Equal(i > 5 ? "True" : "False", evaluator.Evaluate(condition, context));
        }
    }

    [Fact]
    public void Changes_through_every_function_are_written_back_and_unchanged_variables_stay_as_they_were()
    {
        var evaluator = new JavaScriptEvaluator();
        for (var round = 0; round < 3; round++)
        {
            var variables = new Dictionary<string, string?> { ["Teller"] = "4", ["Tekst"] = "a", ["Lijst"] = "[1,2]", ["Vast"] = "07" };
            var context = Context(variables, ("Teller", "Int32"), ("Tekst", "String"), ("Lijst", "Object"), ("Vast", "String"));
            var result = evaluator.Evaluate("setTeller(getTeller() + 1); setVariable('Tekst', 'b'); variables.Lijst.push(3); getWorkflowInstanceId()", context);
            Assert.Equal("inst-1", result);
            Assert.Equal("5", variables["Teller"]);
            Assert.Equal("b", variables["Tekst"]);
            Assert.Equal("[1,2,3]", variables["Lijst"]);
            Assert.Equal("07", variables["Vast"]);
        }
    }

    [Fact]
    public void A_script_cannot_change_a_built_in_or_leave_a_global_for_the_next_script()
    {
        var evaluator = new JavaScriptEvaluator();
        var context = Context(new() { ["Teller"] = "1" }, ("Teller", "Int32"));
        evaluator.Evaluate("Array.prototype.includes = function () { return true; }; Math = null; JSON.parse = null; gelekt = 'geheim'; 1", context);
        Assert.Equal("False", evaluator.Evaluate("[1].includes(2)", context));
        Assert.Equal("3", evaluator.Evaluate("Math.max(1, 3)", context));
        Assert.Equal("2", evaluator.Evaluate("JSON.parse('2')", context));
        Assert.Equal("undefined", evaluator.Evaluate("typeof gelekt", context));
        Assert.Equal("undefined", evaluator.Evaluate("getTeller.extra = 1; typeof getTeller.extra", context));
    }

    [Fact]
    public void The_variable_functions_of_one_definition_are_gone_for_the_next()
    {
        var evaluator = new JavaScriptEvaluator();
        Assert.Equal("1", evaluator.Evaluate("getTeller()", Context(new() { ["Teller"] = "1" }, ("Teller", "Int32"))));
        var other = Context(new() { ["Status"] = "open" }, ("Status", "String"));
        Assert.Equal("undefined", evaluator.Evaluate("typeof getTeller", other));
        Assert.Null(evaluator.Evaluate("variables.Teller", other));
    }

    [Fact]
    public void Scripts_with_top_level_declarations_run_again_without_clashing()
    {
        var evaluator = new JavaScriptEvaluator();
        var context = Context(new());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("3", evaluator.Evaluate("let a = 1; const b = 2; a + b", context));
            Assert.Equal("4", evaluator.Evaluate("var c = 2; function twee() { return 2; } c + twee()", context));
            Assert.Equal("undefined", evaluator.Evaluate("typeof a", context));
        }
    }

    [Fact]
    public void The_limits_hold_for_every_evaluation_on_a_reused_engine()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions { MaxStatements = 1_000, Timeout = TimeSpan.FromSeconds(5) });
        var context = Context(new() { ["Teller"] = "0" }, ("Teller", "Int32"));
        for (var i = 0; i < 3; i++)
        {
            // Each short script runs 300 statements: three in a row would pass 1,000 if the count were not reset.
            Assert.Equal("300", evaluator.Evaluate("(function () { var n = 0; for (var k = 0; k < 100; k++) { n++; } return n * 3; })()", context));
            var runaway = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("setTeller(99); while (true) { }", context));
            Assert.Contains("meer dan 1000 opdrachten", runaway.Message);
            Assert.Equal("0", context.Variables["Teller"]);
            var deep = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("(function f(n) { return f(n + 1); })(0)", context));
            Assert.Contains("dieper aan dan", deep.Message);
        }
        var slow = new JavaScriptEvaluator(new JavaScriptOptions { MaxStatements = int.MaxValue, Timeout = TimeSpan.FromMilliseconds(200) });
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("True", slow.Evaluate("1 < 2", context));
            Assert.Contains("langer dan", Assert.Throws<ExpressionException>(() => slow.Evaluate("while (true) { }", context)).Message);
        }
    }

    [Fact]
    public void No_dotnet_access_on_a_reused_engine()
    {
        var evaluator = new JavaScriptEvaluator();
        var context = Context(new());
        Assert.Equal("1", evaluator.Evaluate("1", context));
        Assert.Equal("undefined", evaluator.Evaluate("typeof System", context));
        Assert.Equal("undefined", evaluator.Evaluate("typeof importNamespace", context));
        Assert.Equal("undefined", evaluator.Evaluate("typeof getVariable.constructor.prototype.clrType", context));
    }

    [Fact]
    public void Threads_evaluating_at_once_each_see_their_own_variables()
    {
        var evaluator = new JavaScriptEvaluator();
        var wrong = 0;
        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var text = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var context = Context(new() { ["Nummer"] = text }, ("Nummer", "Int32"));
            if (evaluator.Evaluate("getNummer() * 2", context) != (i * 2).ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                Interlocked.Increment(ref wrong);
            }
        });
        Assert.Equal(0, wrong);
    }
}
