using System.Globalization;
using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>
/// Elsa's <c>Elsa.SendHttpRequest</c> ("HTTP Request", category HTTP, kind Task): sends the request, then runs the activity embedded
/// in the matching <c>ExpectedStatusCodes</c> case (<c>{statusCode, activity}</c>), else the one in <c>UnmatchedStatusCode</c>; no
/// connection runs <c>FailedToConnect</c>, no answer in time <c>Timeout</c>. It completes with "Done" after that activity (or at once
/// when the slot is empty). Only hosts on the server's allow-list (see <see cref="OutboundHttpClient"/>).
/// </summary>
[Activity("Elsa", "SendHttpRequest", Category = "HTTP", DisplayName = "HTTP-verzoek", Kind = ActivityKind.Task,
    Description = "Stuurt een HTTP-verzoek naar een toegestane host en voert de activiteit uit die bij de statuscode hoort.")]
[EmbeddedPorts("UnmatchedStatusCode", "FailedToConnect", "Timeout")]
public sealed class SendHttpRequest : SendHttpRequestBase
{
    public const string TypeName = "Elsa.SendHttpRequest";

    /// <summary>The slot names of the embedded activities (camelCase, as Elsa stores them).</summary>
    public static readonly string[] Slots = ["unmatchedStatusCode", "failedToConnect", "timeout"];

    /// <summary>The JSON property of the status-code cases; case n's activity is in slot "status:n".</summary>
    public const string CasesProperty = "expectedStatusCodes";

    [Input(DisplayName = "Verwachte statuscodes", Description = "Per statuscode de activiteit die daarna wordt uitgevoerd.", UIHint = "http-status-codes",
        IsWrapped = false, TypeName = "Object", Order = 7)]
    public string? ExpectedStatusCodes { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var label = context.ActivityName ?? context.ActivityId;
        var cases = ParseCases(ExpectedStatusCodes, label);
        var exchange = await SendAsync(context);
        var slot = exchange switch
        {
            Exchange.Timeout => "timeout",
            Exchange.FailedToConnect => "failedToConnect",
            _ => cases.IndexOf(StatusCode!.Value) is var i and >= 0 ? $"status:{i}" : "unmatchedStatusCode",
        };
        return context.EmbeddedChildren.TryGetValue(slot, out var child) ? ActivityResult.ScheduleChildren([child]) : ActivityResult.Complete();
    }

    /// <summary>The status code of each case, in order (a case without a valid code is refused).</summary>
    public static List<int> ParseCases(string? json, string label)
    {
        var codes = new List<int>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return codes;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Null)
            {
                return codes;
            }
            foreach (var c in doc.RootElement.EnumerateArray())
            {
                var code = c.TryGetProperty("statusCode", out var s) ? s : default;
                if (!(code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var n)
                      || code.ValueKind == JsonValueKind.String && int.TryParse(code.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n)))
                {
                    throw new ActivityInputException($"Een geval bij de verwachte statuscodes van activiteit '{label}' heeft geen geldige statuscode.");
                }
                codes.Add(n);
            }
            return codes;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new ActivityInputException($"De verwachte statuscodes van activiteit '{label}' zijn geen lijst van gevallen (statuscode en activiteit).");
        }
    }
}
