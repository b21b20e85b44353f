namespace ChatArchive.Workflows.Engine.Definitions;

/// <summary>Told after a definition was saved, published, retracted or deleted (cron triggers follow the published version).</summary>
public interface IWorkflowDefinitionChangeListener
{
    Task DefinitionChangedAsync(string definitionId, CancellationToken ct = default);
}
