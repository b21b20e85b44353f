using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Expressions;

/// <summary>
/// The outputs of earlier activities a script may read, as Elsa's <c>getOutputFrom(activityIdOrName, outputName)</c> and the accessors
/// <c>get{Output}From{Activity}()</c> reach them: the activities of the container the running activity is in (its flowchart or sequence),
/// found by name or id, and the outputs recorded for them since the instance last resumed (<c>WorkflowState.ActivityOutputs</c>); also
/// Elsa's <c>getLastResult()</c>, the <c>Result</c> output the latest activity recorded.
/// </summary>
public sealed class ActivityOutputScope(IReadOnlyList<ActivityNode> activities, IReadOnlyDictionary<string, string?> recorded)
{
    /// <summary>Elsa's default output name: what <c>getOutputFrom</c> reads when no output name is given.</summary>
    public const string DefaultOutputName = "Result";

    public static string Key(string activityId, string outputName) => $"{activityId}:{outputName}";

    /// <summary>
    /// Where the register keeps Elsa's "last result": the <c>Result</c> output the most recent activity recorded in this run
    /// (overwritten by each; <c>getLastResult()</c>). No activity id is empty, so the key is no activity's.
    /// </summary>
    public const string LastResultKey = ":lastResult";

    /// <summary>The last result recorded since the instance last resumed (Elsa's <c>getLastResult()</c>); null when none.</summary>
    public string? LastResult => recorded.GetValueOrDefault(LastResultKey);

    /// <summary>The activity whose name or id is <paramref name="idOrName"/> (Elsa: the first such node of the container); null when there is none.</summary>
    public ActivityNode? Find(string idOrName) =>
        activities.FirstOrDefault(a => a.Name == idOrName || a.Id == idOrName);

    /// <summary>The activity an accessor names: its name (else its id) in PascalCase.</summary>
    public ActivityNode? FindByAccessorName(string pascalName) =>
        activities.FirstOrDefault(a => WorkflowActivityCatalog.Pascalize(string.IsNullOrWhiteSpace(a.Name) ? a.Id : a.Name) == pascalName);

    /// <summary>The recorded output (text); the exact name first, else one that differs only in case or PascalCase.</summary>
    public bool TryRead(string activityId, string? outputName, out string? value)
    {
        var name = outputName ?? DefaultOutputName;
        if (recorded.TryGetValue(Key(activityId, name), out value))
        {
            return true;
        }
        var prefix = activityId + ":";
        foreach (var (key, v) in recorded)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal)
                && (string.Equals(key[prefix.Length..], name, StringComparison.OrdinalIgnoreCase) || WorkflowActivityCatalog.Pascalize(key[prefix.Length..]) == name))
            {
                value = v;
                return true;
            }
        }
        value = null;
        return false;
    }
}
