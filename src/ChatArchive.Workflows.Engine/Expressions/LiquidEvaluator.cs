using System.Collections.Concurrent;
using Fluid;
using Fluid.Values;

namespace ChatArchive.Workflows.Engine.Expressions;

/// <summary>
/// Evaluates Elsa's Liquid expressions with Fluid.Core: <c>{{ Variables.Name }}</c>, <c>{{ Input.Name }}</c>,
/// <c>{{ WorkflowInstanceId }}</c>, <c>{{ WorkflowDefinitionId }}</c>, <c>{{ CorrelationId }}</c>. Only these plain values are
/// visible (no .NET object, no member access beyond dictionaries of text); a template has a step and recursion limit.
/// The rendered text is the value.
/// </summary>
public sealed class LiquidEvaluator
{
    private const int MaxCachedTemplates = 2048;
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> parsed = new(StringComparer.Ordinal);
    private readonly TemplateOptions options = new TemplateOptionsBuilder().WithMaxSteps(100_000).WithMaxRecursion(32).WithMaxOutputSize(1_000_000).Build();

    /// <summary>Null when the template parses; otherwise the Dutch reason.</summary>
    public string? CheckSyntax(string template)
    {
        try
        {
            Parse(template);
            return null;
        }
        catch (ExpressionException ex)
        {
            return ex.Message;
        }
    }

    public string Evaluate(string template, ExpressionContext context)
    {
        var t = Parse(template);
        var ctx = new TemplateContext(options);
        ctx.SetValue("Variables", FluidValue.Create(context.Variables.ToDictionary(kv => kv.Key, kv => (object?)kv.Value), options));
        ctx.SetValue("Input", FluidValue.Create(context.Input.ToDictionary(kv => kv.Key, kv => (object?)kv.Value), options));
        ctx.SetValue("WorkflowInstanceId", FluidValue.Create(context.InstanceId, options));
        ctx.SetValue("WorkflowDefinitionId", FluidValue.Create(context.DefinitionId, options));
        ctx.SetValue("CorrelationId", FluidValue.Create(context.CorrelationId, options));
        try
        {
            return t.Render(ctx);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ExpressionException($"het Liquid-sjabloon is mislukt ({ex.GetType().Name})");
        }
    }

    private IFluidTemplate Parse(string template)
    {
        if (parsed.TryGetValue(template, out var t))
        {
            return t;
        }
        if (!Parser.TryParse(template, out t, out var error))
        {
            throw new ExpressionException($"het Liquid-sjabloon is niet geldig ({error})");
        }
        if (parsed.Count >= MaxCachedTemplates)
        {
            parsed.Clear();
        }
        parsed[template] = t;
        return t;
    }
}
