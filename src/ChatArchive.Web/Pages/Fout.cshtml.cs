using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages;

/// <summary>The HTML error page for browsers (404, 403, others) in the site's style, with a way back.</summary>
[IgnoreAntiforgeryToken]
public sealed class FoutModel : WebPageModel
{
    public int Code { get; private set; }

    public void OnGet(int code) => Code = code;

    public void OnPost(int code) => Code = code;

    public string Heading => Code switch
    {
        400 => "Formulier niet verwerkt",
        404 => "Pagina niet gevonden",
        403 => "Geen toegang",
        413 => "Bestand te groot",
        _ => "Er ging iets mis",
    };

    public string Explanation => Code switch
    {
        400 => "Het formulier was verlopen of onvolledig; er is niets gewijzigd. Ga terug, vernieuw de pagina en probeer het opnieuw.",
        404 => "Deze pagina bestaat niet, of hoort bij een ander departement of een andere persoon. Controleer de link of kies een taak uit uw takenlijst.",
        403 => "U heeft geen toegang tot deze pagina met uw rol. Vraag uw procesbeheerder als u denkt dat dit niet klopt.",
        413 => "De export is groter dan het maximum voor één upload; er is niets opgeslagen. Upload de bestanden één voor één, of vraag de beheerder het maximum te verhogen.",
        _ => "Probeer het later opnieuw. Blijft het misgaan, meld dan het tijdstip aan de beheerder.",
    };
}
