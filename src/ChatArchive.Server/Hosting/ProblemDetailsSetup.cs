
namespace ChatArchive.Server.Hosting;

/// <summary>
/// Every error answer is ProblemDetails (RFC 9457). Answers the framework produces itself (unreadable
/// body, unknown route, crash) get a Dutch title and a hint what to do, and never the exception text.
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddChatArchiveProblemDetails(this IServiceCollection services)
    {
        // A body that is not valid JSON must be a 400 answer, also in Development (where the default is to throw).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Detail is not null) return;
            (problem.Title, problem.Detail) = problem.Status switch
            {
                400 => ("Ongeldige aanvraag", "De aanvraag kon niet worden gelezen. Stuur geldige JSON met de velden die de API-beschrijving (/openapi/v1.json) noemt."),
                401 => ("Niet aangemeld", "Meld u aan via /aanmelden of stuur een geldig toegangstoken mee."),
                403 => ("Geen toegang", "Uw rol of afdeling geeft geen toegang tot deze gegevens."),
                404 => ("Niet gevonden", "Dit adres bestaat niet. Controleer de URL; de API-beschrijving staat op /openapi/v1.json."),
                405 => ("Methode niet toegestaan", "Deze bewerking kan niet op dit adres. Controleer de HTTP-methode."),
                415 => ("Verkeerd formaat", "Stuur de gegevens als JSON (Content-Type: application/json)."),
                >= 500 => ("Er ging iets mis op de server", "Probeer het later opnieuw. Blijft het misgaan, meld dan het tijdstip aan de beheerder."),
                _ => (problem.Title, problem.Detail),
            };
        });
        return services;
    }
}
