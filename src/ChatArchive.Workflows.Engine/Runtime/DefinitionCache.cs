using System.Collections.Concurrent;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Definition versions by version id. A stored version's content never changes once an instance runs on it
/// except while it is a draft, so drafts are not cached (Studio "Run" uses the latest draft).
/// </summary>
public sealed class DefinitionCache(IWorkflowDefinitionStore store)
{
    private readonly ConcurrentDictionary<string, WorkflowDefinition> published = new(StringComparer.Ordinal);

    public async Task<WorkflowDefinition?> GetAsync(string versionId, CancellationToken ct)
    {
        if (published.TryGetValue(versionId, out var d))
        {
            return d;
        }
        d = await store.FindByIdAsync(versionId, ct);
        if (d is not null && d.IsPublished && published.Count < 10_000)
        {
            published[versionId] = d;
        }
        return d;
    }
}
