namespace ChatArchive.Server.Elsa;

/// <summary>ProblemDetails (RFC 9457) with a Dutch detail that says what to do; every /elsa/api error goes through here.</summary>
public static class ElsaProblems
{
    public static IResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Ongeldige invoer", extensions: extensions);

    public static IResult NotFound(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Niet gevonden");

    public static IResult Forbidden(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Geen toegang");

    public static IResult Conflict(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
