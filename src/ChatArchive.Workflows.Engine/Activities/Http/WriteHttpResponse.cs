using System.Net;
using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>
/// Elsa's <c>Elsa.WriteHttpResponse</c> ("HTTP Response", category HTTP): the answer to the request that started the instance
/// (<c>StatusCode</c>, <c>Content</c>, <c>ContentType</c>, <c>ResponseHeaders</c>). The answer is recorded with the activity's
/// execution (outputs <c>StatusCode</c>, <c>Content</c>, <c>ContentType</c>, <c>ResponseHeaders</c>) and the waiting request reads it
/// once the step is committed (<see cref="HttpEndpointRouter"/>), on any node. Without a content type, text that is a JSON object or
/// list goes out as application/json, other text as text/plain (Elsa decides by the value's .NET type; ours are text).
/// </summary>
[Activity("Elsa", "WriteHttpResponse", Category = "HTTP", DisplayName = "HTTP-antwoord",
    Description = "Stuurt het antwoord op het HTTP-verzoek dat de workflow startte.")]
public sealed class WriteHttpResponse : Activity
{
    public const string TypeName = "Elsa.WriteHttpResponse";

    /// <summary>Headers a workflow may not set: they belong to the server or the connection.</summary>
    public static readonly string[] ReservedHeaders = ["Set-Cookie", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade"];

    [Input(DisplayName = "Statuscode", Description = "De HTTP-statuscode van het antwoord.", DefaultValue = "OK")]
    public HttpStatusCode StatusCode { get; set; } = HttpStatusCode.OK;

    [Input(DisplayName = "Inhoud", Description = "De inhoud van het antwoord (tekst of JSON).", TypeName = "Object", UIHint = UiHints.MultiLine)]
    public string? Content { get; set; }

    [Input(DisplayName = "Inhoudstype", Description = "Het inhoudstype van het antwoord (leeg: JSON of tekst, naar de inhoud).",
        Options = ["", "text/plain", "application/json", "text/html", "application/xml"], UIHint = UiHints.Dropdown)]
    public string? ContentType { get; set; }

    [Input(DisplayName = "Headers", Description = "Extra headers van het antwoord als JSON-object.", UIHint = UiHints.JsonEditor, Category = "Advanced", TypeName = "Object")]
    public string? ResponseHeaders { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var label = context.ActivityName ?? context.ActivityId;
        var status = (int)StatusCode;
        if (status is < 100 or > 599)
        {
            throw new ActivityInputException($"De statuscode {status} van activiteit '{label}' is geen HTTP-statuscode (100–599).");
        }
        var headers = HttpHeadersJson.Parse(ResponseHeaders, label);
        if (headers.FirstOrDefault(h => ReservedHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase)) is { Key: not null } reserved)
        {
            throw new ActivityInputException($"Activiteit '{label}' zet header '{reserved.Key}'; die bepaalt de server zelf. Gebruik 'Inhoudstype' voor het type, en laat de andere weg.");
        }
        var contentType = string.IsNullOrWhiteSpace(ContentType) ? Content is null ? null : LooksLikeJson(Content) ? "application/json" : "text/plain" : ContentType.Trim();
        context.Services.GetService<HttpResponseSignal>()?.Notify(context.InstanceId);
        return ValueTask.FromResult(ActivityResult.Complete(outputs: new Dictionary<string, string?>
        {
            ["StatusCode"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Content"] = Content,
            ["ContentType"] = contentType,
            ["ResponseHeaders"] = headers.Count == 0 ? null : JsonSerializer.Serialize(headers.ToDictionary(h => h.Key, h => h.Value)),
        }));
    }

    private static bool LooksLikeJson(string text)
    {
        var t = text.TrimStart();
        if (!t.StartsWith('{') && !t.StartsWith('['))
        {
            return false;
        }
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
