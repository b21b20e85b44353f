using System.Globalization;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Activities;

namespace ChatArchive.Workflows.Activities.Officeholders;

/// <summary>
/// The officeholder an instance is about: its correlation id (Elsa's <c>correlationId</c>) and its workflow input
/// <c>BewindspersoonId</c>. Without one, or with two that differ, the step fails with a clear incident — never a default.
/// </summary>
public static class InstanceOfficeholder
{
    public static long Require(ActivityContext context)
    {
        var fromCorrelation = Parse(context.CorrelationId);
        context.Input.TryGetValue(ProcessVariables.OfficeholderId, out var inputText);
        var fromInput = Parse(inputText);
        if (context.CorrelationId is { Length: > 0 } && fromCorrelation is null)
        {
            throw new ActivityInputException(
                $"De correlatie-id '{context.CorrelationId}' van deze workflow-instantie is geen bewindspersoon-id. Start de workflow voor één bewindspersoon (correlatie-id = het id uit het register).");
        }
        if (inputText is { Length: > 0 } && fromInput is null)
        {
            throw new ActivityInputException($"De invoer '{ProcessVariables.OfficeholderId}' ('{inputText}') is geen bewindspersoon-id. Start de workflow opnieuw met het id uit het register.");
        }
        if (fromCorrelation is { } a && fromInput is { } b && a != b)
        {
            throw new ActivityInputException(
                $"Deze workflow-instantie hoort bij twee bewindspersonen (correlatie-id {a}, invoer {b}). Annuleer haar en start de workflow opnieuw voor één bewindspersoon.");
        }
        return fromCorrelation ?? fromInput ?? throw new ActivityInputException(
            $"Deze stap hoort bij een bewindspersoon, maar de workflow-instantie heeft er geen. Start de workflow met de bewindspersoon als correlatie-id en als invoer '{ProcessVariables.OfficeholderId}'.");
    }

    private static long? Parse(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
}
