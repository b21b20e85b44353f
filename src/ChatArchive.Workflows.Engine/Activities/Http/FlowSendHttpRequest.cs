using System.Globalization;
using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>
/// Elsa's <c>Elsa.FlowSendHttpRequest</c> ("HTTP Request (flow)", category HTTP, kind Task): sends the request and continues on the
/// outcome named after the status code when it is one of <c>ExpectedStatusCodes</c> (default 200), else "Unmatched status code";
/// with an empty list on "Done". No connection → "Failed to connect"; no answer in time → "Timeout". Only hosts on the server's
/// allow-list (see <see cref="OutboundHttpClient"/>).
/// </summary>
[Activity("Elsa", "FlowSendHttpRequest", Category = "HTTP", DisplayName = "HTTP-verzoek (flow)", Kind = ActivityKind.Task,
    Description = "Stuurt een HTTP-verzoek naar een toegestane host en gaat verder via de uitgang van de statuscode.")]
[Outcomes("200", UnmatchedOutcome, FailedToConnectOutcome, TimeoutOutcome)]
public sealed class FlowSendHttpRequest : SendHttpRequestBase
{
    public const string TypeName = "Elsa.FlowSendHttpRequest";
    public const string UnmatchedOutcome = "Unmatched status code";
    public const string FailedToConnectOutcome = "Failed to connect";
    public const string TimeoutOutcome = "Timeout";

    [Input(DisplayName = "Verwachte statuscodes", Description = "De statuscodes met een eigen uitgang; een andere code gaat via 'Unmatched status code'.",
        UIHint = UiHints.MultiText, DefaultValue = "[200]", TypeName = "Object", Order = 7)]
    public string? ExpectedStatusCodes { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var expected = ParseCodes(ExpectedStatusCodes, context.ActivityName ?? context.ActivityId);
        return await SendAsync(context) switch
        {
            Exchange.Timeout => ActivityResult.Complete(TimeoutOutcome),
            Exchange.FailedToConnect => ActivityResult.Complete(FailedToConnectOutcome),
            _ => ActivityResult.Complete(expected.Count == 0 ? DoneOutcome
                : expected.Contains(StatusCode!.Value) ? StatusCode.Value.ToString(CultureInfo.InvariantCulture) : UnmatchedOutcome),
        };
    }

    /// <summary>The ports of a node: one per expected status code (or "Done" without any), plus the three fixed ones.</summary>
    public static IReadOnlyList<string> PortsOf(ActivityNode node)
    {
        var raw = node.GetInput(nameof(ExpectedStatusCodes))?.Expression?.Value;
        IReadOnlyList<int> codes;
        try
        {
            codes = ParseCodes(string.IsNullOrWhiteSpace(raw) ? "[200]" : raw, node.Name ?? node.Id);
        }
        catch (ActivityInputException)
        {
            codes = [];
        }
        return [.. codes.Count == 0 ? [DoneOutcome] : codes.Select(c => c.ToString(CultureInfo.InvariantCulture)), UnmatchedOutcome, FailedToConnectOutcome, TimeoutOutcome];
    }

    /// <summary>Status codes as Elsa stores them: a JSON list of numbers (or texts), or a comma-separated list.</summary>
    public static IReadOnlyList<int> ParseCodes(string? raw, string label)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return [];
        }
        var text = raw.Trim();
        IEnumerable<string> items;
        if (text.StartsWith('['))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                items = doc.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw new ActivityInputException($"De verwachte statuscodes van activiteit '{label}' zijn geen lijst van getallen.");
            }
        }
        else
        {
            items = text.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        var codes = new List<int>();
        foreach (var item in items)
        {
            if (!int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) || code < 100 || code > 599)
            {
                throw new ActivityInputException($"'{item}' bij de verwachte statuscodes van activiteit '{label}' is geen HTTP-statuscode (100–599).");
            }
            codes.Add(code);
        }
        return codes;
    }
}
