using ChatArchive.Persistence.ReadOuts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatArchive.Server.ReadOuts;

/// <summary>The read-out API's error answers: ProblemDetails (RFC 9457) with a Dutch title and a detail that says what to do.</summary>
public static class ReadOutProblems
{
    public static ProblemHttpResult From(ReadOutException e) => e.Problem switch
    {
        ReadOutProblem.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Niet gevonden", detail: e.Message),
        ReadOutProblem.Forbidden => Forbidden(e.Message),
        ReadOutProblem.OutOfOrder => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Deze stap kan nu nog niet", detail: e.Message),
        ReadOutProblem.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: e.Message),
        _ => BadRequest(e.Message),
    };

    public static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Niet gevonden",
            detail: $"Uitlezing {id} bestaat niet of valt buiten wat u mag zien. Controleer het nummer.");

    public static ProblemHttpResult NotFoundChecklist(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Niet gevonden",
            detail: $"Checklist {id} bestaat niet of valt buiten wat u mag zien. Controleer het nummer.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Geen toegang", detail: detail);

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Ongeldige invoer", detail: detail + " Er is niets gewijzigd.");
}
