using System.Text.Json;
using ChatArchive.Workflows.Engine;

namespace ChatArchive.Workflows.Api;

/// <summary>
/// Turns the engine's refusals (Dutch messages, nothing changed) and unreadable JSON bodies into ProblemDetails,
/// so every handler can call the engine directly. Used by /elsa/api and /api/tasks.
/// </summary>
public sealed class EngineProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (WorkflowEngineException e)
        {
            IDictionary<string, object?>? extensions = e.Errors.Count == 0 ? null : new Dictionary<string, object?>
            {
                ["validationErrors"] = e.Errors.Select(v => new { message = v.Message, activityId = v.ActivityId }).ToArray(),
            };
            var (status, title) = e.Kind switch
            {
                WorkflowErrorKind.NotFound => (StatusCodes.Status404NotFound, "Niet gevonden"),
                WorkflowErrorKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
                WorkflowErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Geen toegang"),
                _ => (StatusCodes.Status400BadRequest, "Ongeldige invoer"),
            };
            return Results.Problem(detail: e.Message, statusCode: status, title: title, extensions: extensions);
        }
        catch (JsonException)
        {
            // The parser's message may quote the body; only say where to look.
            return ElsaProblems.BadRequest("De inhoud van het verzoek is geen geldige JSON in de vorm die deze API verwacht. Controleer de velden en probeer het opnieuw.");
        }
        catch (BadHttpRequestException e) when (e.InnerException is JsonException)
        {
            return ElsaProblems.BadRequest("De inhoud van het verzoek is geen geldige JSON in de vorm die deze API verwacht. Controleer de velden en probeer het opnieuw.");
        }
    }
}
