using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Registry;

/// <summary>The registry's error answers, all ProblemDetails (RFC 9457) with a Dutch title and what to do next.</summary>
public static class RegistryResults
{
    public static ValidationProblem Invalid(FieldErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(),
            title: "De gegevens zijn niet geldig",
            detail: "Verbeter de genoemde velden en stuur de aanvraag opnieuw. Er is niets opgeslagen.");

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Niet gevonden",
            detail: $"{what} bestaat niet of valt buiten uw departement. Controleer het nummer of de code.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Geen toegang", detail: detail);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static ProblemHttpResult StaleVersion(string what) =>
        Conflict($"{what} is intussen door iemand anders gewijzigd. Haal de actuele versie op, pas uw wijziging opnieuw toe en stuur die met het nieuwe versienummer.");

    /// <summary>True for a unique-key violation on either provider (PostgreSQL 23505, SQLite constraint 19/2067).</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == "23505",
        Microsoft.Data.Sqlite.SqliteException sq => sq.SqliteErrorCode == 19 && sq.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
