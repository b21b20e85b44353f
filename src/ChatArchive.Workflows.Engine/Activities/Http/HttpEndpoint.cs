using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>
/// Elsa's <c>Elsa.HttpEndpoint</c> ("HTTP Endpoint", category HTTP, a trigger): a request to <c>/workflows/{Path}</c> with one of the
/// <c>SupportedMethods</c> starts the department's published workflow here (the activity must be marked "can start workflow", as in
/// Elsa). Unlike Elsa, a request always needs a signed-in user of the workflow's department, unless an administrator lists the
/// workflow in <c>ChatArchive:Workflows:Http:AnonymousDefinitions</c> (see <see cref="HttpEndpointRouter"/>). The outputs hold what
/// the request carried: <c>ParsedContent</c> (JSON, form fields as a JSON object, or text), <c>Files</c> (name, type and size of
/// uploaded files; their content is not kept), <c>RouteData</c>, <c>QueryStringData</c>, <c>Headers</c> (without Authorization and
/// Cookie) and <c>Result</c> (method, path, content type, length).
/// </summary>
[Activity("Elsa", "HttpEndpoint", Category = "HTTP", DisplayName = "HTTP-eindpunt", Kind = ActivityKind.Trigger,
    Description = "Start de workflow bij een HTTP-verzoek op /workflows/{pad} van een aangemelde gebruiker van het departement.")]
[Outcomes(DoneOutcome)]
public sealed class HttpEndpoint : Activity
{
    public const string TypeName = "Elsa.HttpEndpoint";
    public const string RequestTooLargeOutcome = "Request too large";
    public const string FileTooLargeOutcome = "File too large";
    public const string InvalidFileExtensionOutcome = "Invalid file extension";
    public const string InvalidFileMimeTypeOutcome = "Invalid file MIME type";

    [Input(DisplayName = "Pad", Description = "Het pad onder /workflows/, bijvoorbeeld 'meldingen/{id}'.", Required = true, UIHint = UiHints.SingleLine)]
    public string? Path { get; set; }

    [Input(DisplayName = "Methoden", Description = "De HTTP-methoden die het eindpunt aanneemt.", Options = ["GET", "POST", "PUT", "HEAD", "DELETE"],
        UIHint = UiHints.CheckList, DefaultValue = """["GET"]""")]
    public string[]? SupportedMethods { get; set; }

    [Input(DisplayName = "Alleen aangemeld", Description = "Alleen aangemelde gebruikers (op deze server altijd zo, tenzij de beheerder de workflow anoniem openstelt).",
        Category = "Security")]
    public bool Authorize { get; set; }

    [Input(DisplayName = "Beleid", Description = "Een autorisatiebeleid van de server dat de gebruiker moet halen; anders 403.", Category = "Security")]
    public string? Policy { get; set; }

    [Input(DisplayName = "Wachttijd op antwoord", Description = "Hoe lang de aanroeper wacht op het antwoord van de workflow (HTTP-antwoord).", Category = "Upload")]
    public TimeSpan? RequestTimeout { get; set; }

    [Input(DisplayName = "Grootte van het verzoek", Description = "De grootste inhoud in bytes; de grens van de server geldt altijd.", Category = "Upload")]
    public long? RequestSizeLimit { get; set; }

    [Input(DisplayName = "Grootte per bestand", Description = "De grootste bestandsgrootte in bytes.", Category = "Upload")]
    public long? FileSizeLimit { get; set; }

    [Input(DisplayName = "Toegestane extensies", Description = "Alleen deze bestandsextensies (leeg = alle).", Category = "Upload", UIHint = UiHints.MultiText)]
    public string[]? AllowedFileExtensions { get; set; }

    [Input(DisplayName = "Geweigerde extensies", Description = "Deze bestandsextensies worden geweigerd.", Category = "Upload", UIHint = UiHints.MultiText)]
    public string[]? BlockedFileExtensions { get; set; }

    [Input(DisplayName = "Toegestane MIME-typen", Description = "Alleen deze MIME-typen (leeg = alle).", Category = "Upload", UIHint = UiHints.MultiText)]
    public string[]? AllowedMimeTypes { get; set; }

    [Input(DisplayName = "Uitgang 'Request too large'", Description = "Een te groot verzoek start de workflow via deze uitgang in plaats van 413.", Category = "Outcomes", IsWrapped = false)]
    public bool ExposeRequestTooLargeOutcome { get; set; }

    [Input(DisplayName = "Uitgang 'File too large'", Description = "Een te groot bestand start de workflow via deze uitgang in plaats van 413.", Category = "Outcomes", IsWrapped = false)]
    public bool ExposeFileTooLargeOutcome { get; set; }

    [Input(DisplayName = "Uitgang 'Invalid file extension'", Description = "Een geweigerde extensie start de workflow via deze uitgang in plaats van 415.", Category = "Outcomes", IsWrapped = false)]
    public bool ExposeInvalidFileExtensionOutcome { get; set; }

    [Input(DisplayName = "Uitgang 'Invalid file MIME type'", Description = "Een geweigerd MIME-type start de workflow via deze uitgang in plaats van 415.", Category = "Outcomes", IsWrapped = false)]
    public bool ExposeInvalidFileMimeTypeOutcome { get; set; }

    [Output(DisplayName = "Inhoud", Description = "De inhoud van het verzoek: JSON, formuliervelden als JSON-object, of tekst.")]
    public string? ParsedContent { get; set; }

    [Output(DisplayName = "Bestanden", Description = "Naam, type en grootte van meegestuurde bestanden (de inhoud wordt niet bewaard).")]
    public string? Files { get; set; }

    [Output(DisplayName = "Routegegevens", Description = "De waarden van {…} in het pad.")]
    public string? RouteData { get; set; }

    [Output(DisplayName = "Querystring", Description = "De parameters na '?'.")]
    public string? QueryStringData { get; set; }

    [Output(DisplayName = "Headers", Description = "De headers van het verzoek (zonder Authorization en Cookie).")]
    public string? Headers { get; set; }

    [Output(DisplayName = "Verzoek", Description = "Methode, pad, inhoudstype en lengte van het verzoek.")]
    public string? Result { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (!context.IsTrigger || context.TriggerPayload is null)
        {
            throw new ActivityInputException(
                $"'{context.ActivityName ?? context.ActivityId}' wacht midden in de workflow op een HTTP-verzoek; dat kan deze server nog niet. " +
                "Zet het HTTP-eindpunt bovenaan de workflow en vink 'Trigger workflow' aan, zodat een verzoek de workflow start.");
        }
        using var doc = JsonDocument.Parse(context.TriggerPayload);
        var p = doc.RootElement;
        string? Text(string name) => p.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;
        ParsedContent = Text("parsedContent");
        Files = Text("files");
        RouteData = Text("routeData");
        QueryStringData = Text("query");
        Headers = Text("headers");
        Result = Text("request");
        var outcome = Text("outcome");
        return ValueTask.FromResult(ActivityResult.Complete(string.IsNullOrEmpty(outcome) ? DoneOutcome : outcome));
    }

    /// <summary>The ports of a node: "Done" plus each outcome the node exposes.</summary>
    public static IReadOnlyList<string> PortsOf(ActivityNode node)
    {
        bool Exposed(string name) => node.Properties?.TryGetValue(ActivityNode.InputKey(name), out var v) == true
            && (v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.Object && v.TryGetProperty("expression", out var e)
                && e.TryGetProperty("value", out var ev) && string.Equals(ev.ToString(), "true", StringComparison.OrdinalIgnoreCase));
        var ports = new List<string> { DoneOutcome };
        if (Exposed(nameof(ExposeRequestTooLargeOutcome))) ports.Add(RequestTooLargeOutcome);
        if (Exposed(nameof(ExposeFileTooLargeOutcome))) ports.Add(FileTooLargeOutcome);
        if (Exposed(nameof(ExposeInvalidFileExtensionOutcome))) ports.Add(InvalidFileExtensionOutcome);
        if (Exposed(nameof(ExposeInvalidFileMimeTypeOutcome))) ports.Add(InvalidFileMimeTypeOutcome);
        return ports;
    }
}
