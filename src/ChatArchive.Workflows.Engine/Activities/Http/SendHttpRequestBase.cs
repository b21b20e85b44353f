using System.Text;
using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>
/// What Elsa's two HTTP request activities share (Elsa's SendHttpRequestBase: inputs Url, Method, Content, ContentType, Authorization,
/// DisableAuthorizationHeaderValidation, RequestHeaders; outputs StatusCode, ParsedContent, ResponseHeaders). The request goes through
/// <see cref="OutboundHttpClient"/>: a host that is not on the server's allow-list, an internal address or a redirect elsewhere makes
/// the step an incident naming the host, and nothing is sent.
/// </summary>
public abstract class SendHttpRequestBase : Activity
{
    [Input(DisplayName = "Adres (URL)", Description = "Het adres waarheen het verzoek gaat; de host moet op de lijst van toegestane hosts van deze server staan.",
        Required = true, Order = 0)]
    public string? Url { get; set; }

    [Input(DisplayName = "Methode", Description = "De HTTP-methode van het verzoek.", Options = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"],
        DefaultValue = "GET", UIHint = UiHints.Dropdown, Order = 1)]
    public string? Method { get; set; }

    [Input(DisplayName = "Inhoud", Description = "De inhoud die met het verzoek wordt meegestuurd (tekst of JSON); alleen met een inhoudstype.", TypeName = "Object", Order = 2)]
    public string? Content { get; set; }

    [Input(DisplayName = "Inhoudstype", Description = "Het inhoudstype van de meegestuurde inhoud.",
        Options = ["", "application/json", "text/plain", "text/html", "application/xml", "application/x-www-form-urlencoded"], UIHint = UiHints.Dropdown, Order = 3)]
    public string? ContentType { get; set; }

    [Input(DisplayName = "Autorisatie", Description = "De waarde van de Authorization-header, bijvoorbeeld 'Bearer …'. Wordt alleen naar de opgegeven host gestuurd.",
        Category = "Security", Order = 4)]
    public string? Authorization { get; set; }

    [Input(DisplayName = "Autorisatie niet controleren", Description = "Stuur de Authorization-header zoals hij is geschreven, zonder controle van de vorm.",
        Category = "Security", Order = 5)]
    public bool DisableAuthorizationHeaderValidation { get; set; }

    [Input(DisplayName = "Headers", Description = "Extra headers als JSON-object: naam → waarde of lijst van waarden.", UIHint = UiHints.JsonEditor,
        Category = "Advanced", TypeName = "Object", Order = 6)]
    public string? RequestHeaders { get; set; }

    [Output(DisplayName = "Statuscode", Description = "De HTTP-statuscode van het antwoord.")]
    public int? StatusCode { get; set; }

    [Output(DisplayName = "Inhoud van het antwoord", Description = "De inhoud van het antwoord (JSON-tekst bij application/json, anders tekst).")]
    public string? ParsedContent { get; set; }

    [Output(DisplayName = "Headers van het antwoord", Description = "De headers van het antwoord als JSON-object.")]
    public string? ResponseHeaders { get; set; }

    /// <summary>What happened: a response, no connection, or the time limit passed.</summary>
    protected enum Exchange { Response, FailedToConnect, Timeout }

    /// <summary>Sends the request; a refusal (allow-list, address, size) becomes an <see cref="ActivityInputException"/> (incident).</summary>
    protected async Task<Exchange> SendAsync(ActivityContext context)
    {
        var label = context.ActivityName ?? context.ActivityId;
        var client = context.Services.GetRequiredService<OutboundHttpClient>();
        if (!Uri.TryCreate(Url?.Trim(), UriKind.Absolute, out var url))
        {
            throw new ActivityInputException($"Het adres '{Url}' van activiteit '{label}' is geen volledige URL (zoals https://voorbeeld.nl/pad).");
        }
        var method = string.IsNullOrWhiteSpace(Method) ? "GET" : Method.Trim().ToUpperInvariant();
        var request = new OutboundRequest(method, url)
        {
            Headers = HttpHeadersJson.Parse(RequestHeaders, label),
            Authorization = Authorization,
            RawAuthorization = DisableAuthorizationHeaderValidation,
        };
        if (!string.IsNullOrWhiteSpace(ContentType) && Content is not null)
        {
            request = request with { Body = Encode(Content, ContentType.Trim()), ContentType = WithCharset(ContentType.Trim()) };
        }
        try
        {
            var response = await client.SendAsync(request, label, context.CancellationToken);
            StatusCode = response.StatusCode;
            ParsedContent = response.Body;
            ResponseHeaders = JsonSerializer.Serialize(response.Headers);
            return Exchange.Response;
        }
        catch (OutboundHttpRefusedException ex)
        {
            throw new ActivityInputException(ex.Message);
        }
        catch (TimeoutException)
        {
            return Exchange.Timeout;
        }
        catch (HttpRequestException)
        {
            return Exchange.FailedToConnect;
        }
    }

    private static string WithCharset(string contentType) =>
        contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
            ? contentType.Contains("charset", StringComparison.OrdinalIgnoreCase) ? contentType : contentType + "; charset=utf-8"
            : contentType;

    /// <summary>Form content from a JSON object becomes name=value pairs (Elsa's form content writer); anything else is sent as UTF-8 text.</summary>
    private static byte[] Encode(string content, string contentType)
    {
        if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) && content.TrimStart().StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(content);
                var pairs = doc.RootElement.EnumerateObject().Select(p =>
                    Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()));
                return Encoding.UTF8.GetBytes(string.Join('&', pairs));
            }
            catch (JsonException)
            {
                // Not JSON after all: send as written.
            }
        }
        return Encoding.UTF8.GetBytes(content);
    }
}
