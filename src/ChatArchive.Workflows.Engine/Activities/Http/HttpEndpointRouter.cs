using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>One request to <c>/workflows/{path}</c>, as the hosting server hands it over.</summary>
public sealed record HttpEndpointCall
{
    public required string Method { get; init; }

    /// <summary>The path below /workflows, e.g. "/meldingen/12".</summary>
    public required string Path { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public string? ContentType { get; init; }
    public long? ContentLength { get; init; }
    public Stream Body { get; init; } = Stream.Null;

    /// <summary>True when a user is signed in.</summary>
    public bool SignedIn { get; init; }

    /// <summary>The signed-in user's department ("*" for a government-wide user); null when nobody is signed in.</summary>
    public string? Department { get; init; }

    /// <summary>Evaluates a named authorization policy of the server for the user (Elsa's endpoint <c>Policy</c>); null = no policies.</summary>
    public Func<string, Task<bool>>? AuthorizePolicy { get; init; }
}

/// <summary>The answer: the workflow's response, or a problem (Dutch title and detail) the server writes as ProblemDetails.</summary>
public sealed record HttpEndpointAnswer(int StatusCode)
{
    public string? ContentType { get; init; }
    public string? Body { get; init; }
    public IReadOnlyList<KeyValuePair<string, string[]>> Headers { get; init; } = [];
    public string? ProblemTitle { get; init; }
    public string? ProblemDetail { get; init; }
    public string? InstanceId { get; init; }

    public bool IsProblem => ProblemTitle is not null;

    public static HttpEndpointAnswer Problem(int status, string title, string detail, string? instanceId = null) =>
        new(status) { ProblemTitle = title, ProblemDetail = detail, InstanceId = instanceId };
}

/// <summary>
/// Elsa's HTTP workflows: finds the published workflow whose top-level <see cref="HttpEndpoint"/> (marked "can start workflow")
/// matches the path and method, checks who may call it, reads the body within the size limit, starts the instance at that endpoint
/// and waits for its <see cref="WriteHttpResponse"/> (read from the committed execution record). Who may call: a signed-in user of
/// the workflow's department; anonymous only for a definition the administrator listed in
/// <see cref="HttpActivityOptions.AnonymousDefinitions"/> whose endpoint does not set Authorize. The request body is never logged.
/// </summary>
public sealed class HttpEndpointRouter(IWorkflowDefinitionStore definitions, IWorkflowRuntime runtime, IWorkflowInstanceStore instances,
    HttpActivityOptions options, HttpResponseSignal signal, TimeProvider clock, ILogger<HttpEndpointRouter> logger)
{
    /// <summary>Headers never copied into the workflow (credentials).</summary>
    private static readonly string[] SecretHeaders = ["Authorization", "Cookie", "Proxy-Authorization", "X-XSRF-TOKEN", "X-CSRF-TOKEN"];

    private sealed record Candidate(WorkflowDefinition Definition, ActivityNode Endpoint, Dictionary<string, string> RouteValues, bool Authorize, string? Policy,
        TimeSpan? Timeout, long? SizeLimit);

    public async Task<HttpEndpointAnswer> HandleAsync(HttpEndpointCall call, CancellationToken ct)
    {
        var method = call.Method.ToUpperInvariant();
        var matching = new List<Candidate>();
        foreach (var d in await definitions.ListPublishedAsync(ct))
        {
            foreach (var a in ActivityTree.RootFlowchartOf(d).Activities ?? [])
            {
                if (a.Type == HttpEndpoint.TypeName && EventTriggers.CanStartWorkflow(a) && Literal(a, nameof(HttpEndpoint.Path)) is { } template
                    && Methods(a).Contains(method) && Match(template, call.Path) is { } values)
                {
                    matching.Add(new Candidate(d, a, values, Literal(a, nameof(HttpEndpoint.Authorize)) is { } auth && bool.TryParse(auth, out var au) && au,
                        Literal(a, nameof(HttpEndpoint.Policy)), TimeSpanOf(Literal(a, nameof(HttpEndpoint.RequestTimeout))),
                        long.TryParse(Literal(a, nameof(HttpEndpoint.RequestSizeLimit)), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null));
                }
            }
        }
        var allowed = matching.Where(c => MayCall(c, call)).OrderBy(c => c.Definition.DefinitionId, StringComparer.Ordinal).ToList();
        if (allowed.Count == 0)
        {
            return matching.Count > 0 && !call.SignedIn
                ? HttpEndpointAnswer.Problem(401, "Niet aangemeld", "Meld u aan: dit workflow-eindpunt is alleen voor aangemelde medewerkers van het departement van de workflow.")
                : HttpEndpointAnswer.Problem(404, "Niet gevonden", $"Er is geen workflow die {method}-verzoeken op dit pad aanneemt.");
        }
        var chosen = allowed[0];
        if (!string.IsNullOrWhiteSpace(chosen.Policy) && (call.AuthorizePolicy is null || !await SafePolicy(call.AuthorizePolicy, chosen.Policy!)))
        {
            return HttpEndpointAnswer.Problem(403, "Geen toegang", $"U voldoet niet aan het beleid '{chosen.Policy}' dat dit workflow-eindpunt vraagt.");
        }

        var limit = Math.Min(options.MaxRequestBytes, chosen.SizeLimit is > 0 ? chosen.SizeLimit.Value : long.MaxValue);
        var exposeTooLarge = Plain(chosen.Endpoint, nameof(HttpEndpoint.ExposeRequestTooLargeOutcome));
        var payload = new JsonObject
        {
            ["routeData"] = ToJson(chosen.RouteValues),
            ["query"] = ToJson(call.Query.GroupBy(q => q.Key).ToDictionary(g => g.Key, g => g.First().Value)),
            ["headers"] = ToJson(call.Headers.Where(h => !SecretHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
                .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Value)),
            ["request"] = new JsonObject { ["method"] = method, ["path"] = call.Path, ["contentType"] = call.ContentType, ["contentLength"] = call.ContentLength },
        };
        var body = await ReadLimitedAsync(call, limit, ct);
        if (body is null)
        {
            if (!exposeTooLarge)
            {
                return HttpEndpointAnswer.Problem(413, "Verzoek te groot", $"De inhoud van het verzoek is groter dan {limit} bytes, de grens van dit workflow-eindpunt.");
            }
            payload["outcome"] = HttpEndpoint.RequestTooLargeOutcome;
        }
        else if (body.Length > 0)
        {
            var refused = await ParseAsync(call.ContentType, body, chosen.Endpoint, payload, ct);
            if (refused is not null)
            {
                return refused;
            }
        }

        var instanceId = WorkflowStepExecutor.NewId();
        var wake = signal.Register(instanceId);
        try
        {
            var started = await runtime.StartAsync(new StartWorkflowRequest
            {
                DefinitionId = chosen.Definition.DefinitionId, Scope = TenantScope.ForDepartment(chosen.Definition.TenantId!), TriggerActivityId = chosen.Endpoint.Id,
                InstanceId = instanceId, TriggerPayload = payload.ToJsonString(),
            }, ct);
            if (!started.Started)
            {
                return HttpEndpointAnswer.Problem(409, "Workflow niet gestart", started.CannotStartReason ?? "De workflow kon niet starten.");
            }
            logger.LogInformation("HTTP endpoint started instance {InstanceId} of {DefinitionId}", instanceId, chosen.Definition.DefinitionId);
            return await WaitForAnswerAsync(instanceId, chosen.Timeout ?? options.ResponseTimeout, wake, ct);
        }
        finally
        {
            signal.Unregister(instanceId);
        }
    }

    private bool MayCall(Candidate c, HttpEndpointCall call)
    {
        if (call.SignedIn && call.Department is { } dept && string.Equals(dept, c.Definition.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return !c.Authorize && options.AnonymousDefinitions.Contains(c.Definition.DefinitionId, StringComparer.Ordinal);
    }

    private static async Task<bool> SafePolicy(Func<string, Task<bool>> authorize, string policy)
    {
        try
        {
            return await authorize(policy);
        }
        catch (InvalidOperationException)
        {
            // A policy the server does not know: refuse rather than allow.
            return false;
        }
    }

    private async Task<HttpEndpointAnswer> WaitForAnswerAsync(string instanceId, TimeSpan timeout, SemaphoreSlim wake, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            // The instance first, then its executions: one commit writes both, so a finished instance read here has its response
            // (if any) among the executions read after it.
            var instance = await instances.GetAsync(instanceId, ct);
            var written = (await instances.GetActivityExecutionsAsync(instanceId, null, ct))
                .Where(r => r.ActivityType == WriteHttpResponse.TypeName && r.Status == ActivityExecutionStatus.Completed)
                .OrderBy(r => r.CompletedAt).FirstOrDefault();
            if (written is not null)
            {
                return new HttpEndpointAnswer(int.Parse(written.Outputs.GetValueOrDefault("StatusCode") ?? "200", CultureInfo.InvariantCulture))
                {
                    Body = written.Outputs.GetValueOrDefault("Content"),
                    ContentType = written.Outputs.GetValueOrDefault("ContentType"),
                    Headers = written.Outputs.GetValueOrDefault("ResponseHeaders") is { } h
                        ? JsonSerializer.Deserialize<Dictionary<string, string[]>>(h)!.ToList() : [],
                    InstanceId = instanceId,
                };
            }
            if (instance is not null && (instance.IncidentCount > 0 || instance.SubStatus == WorkflowSubStatus.Faulted))
            {
                return HttpEndpointAnswer.Problem(500, "Workflow mislukt",
                    $"De workflow kon het verzoek niet afhandelen: instantie {instanceId} heeft een incident. De procesbeheerder kan het incident in de Studio bekijken.", instanceId);
            }
            if (instance is not null && (instance.Status == WorkflowStatus.Finished || instance.SubStatus is WorkflowSubStatus.Suspended or WorkflowSubStatus.Cancelled))
            {
                // As in Elsa: a workflow that does not write a response answers with an empty 200.
                return new HttpEndpointAnswer(200) { InstanceId = instanceId };
            }
            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return HttpEndpointAnswer.Problem(504, "Geen antwoord van de workflow",
                    $"De workflow gaf niet binnen {timeout.TotalSeconds:0} seconden een HTTP-antwoord. Hij loopt door als instantie {instanceId}.", instanceId);
            }
            await wake.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200), ct);
        }
    }

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> (nothing more is read).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpEndpointCall call, long limit, CancellationToken ct)
    {
        if (call.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await call.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>JSON, form fields, multipart (fields and file descriptions, checked against the endpoint's file rules) or text.</summary>
    private static async Task<HttpEndpointAnswer?> ParseAsync(string? contentType, byte[] body, ActivityNode endpoint, JsonObject payload, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return HttpEndpointAnswer.Problem(415, "Inhoudstype ontbreekt", "Geef bij een verzoek met inhoud een inhoudstype mee: JSON, een formulier of tekst.");
        }
        var charset = media.Charset.HasValue ? media.Charset.Value : null;
        Encoding encoding;
        try
        {
            encoding = string.IsNullOrEmpty(charset) ? Encoding.UTF8 : Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            encoding = Encoding.UTF8;
        }
        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                payload["parsedContent"] = JsonNode.Parse(encoding.GetString(body))?.ToJsonString();
                return null;
            }
            catch (JsonException)
            {
                return HttpEndpointAnswer.Problem(400, "Ongeldige JSON", "De inhoud van het verzoek is geen geldige JSON.");
            }
        }
        if (type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var fields = QueryHelpers.ParseQuery("?" + encoding.GetString(body));
            payload["parsedContent"] = ToJson(fields.ToDictionary(f => f.Key, f => f.Value.ToString())).ToJsonString();
            return null;
        }
        if (type.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            payload["parsedContent"] = encoding.GetString(body);
            return null;
        }
        if (type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ParseMultipartAsync(media, body, endpoint, payload, ct);
        }
        return HttpEndpointAnswer.Problem(415, "Inhoudstype niet ondersteund", $"Het inhoudstype '{type}' wordt niet aangenomen. Gebruik JSON, een formulier of tekst.");
    }

    private static async Task<HttpEndpointAnswer?> ParseMultipartAsync(MediaTypeHeaderValue media, byte[] body, ActivityNode endpoint, JsonObject payload, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return HttpEndpointAnswer.Problem(400, "Ongeldig formulier", "Het formulier mist zijn scheidingsteken (boundary).");
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new JsonArray();
        var fileSizeLimit = long.TryParse(Literal(endpoint, nameof(HttpEndpoint.FileSizeLimit)), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fl) ? fl : (long?)null;
        var allowedExt = List(endpoint, nameof(HttpEndpoint.AllowedFileExtensions));
        var blockedExt = List(endpoint, nameof(HttpEndpoint.BlockedFileExtensions));
        var allowedMime = List(endpoint, nameof(HttpEndpoint.AllowedMimeTypes));
        string? outcome = null;
        HttpEndpointAnswer? refusal = null;
        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body));
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, ct);
                if (!disposition.IsFileDisposition())
                {
                    fields[name] = Encoding.UTF8.GetString(content.ToArray());
                    continue;
                }
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value ?? "";
                var extension = System.IO.Path.GetExtension(fileName);
                var mime = section.ContentType ?? "application/octet-stream";
                files.Add(new JsonObject { ["name"] = name, ["fileName"] = fileName, ["contentType"] = mime, ["length"] = content.Length });
                if (outcome is not null || refusal is not null)
                {
                    continue;
                }
                if (fileSizeLimit is { } max && content.Length > max)
                {
                    (outcome, refusal) = Refuse(Plain(endpoint, nameof(HttpEndpoint.ExposeFileTooLargeOutcome)), HttpEndpoint.FileTooLargeOutcome,
                        413, "Bestand te groot", $"Een bestand is groter dan {max} bytes, de grens van dit workflow-eindpunt.");
                }
                else if ((allowedExt.Count > 0 && !allowedExt.Contains(extension, StringComparer.OrdinalIgnoreCase)) || blockedExt.Contains(extension, StringComparer.OrdinalIgnoreCase))
                {
                    (outcome, refusal) = Refuse(Plain(endpoint, nameof(HttpEndpoint.ExposeInvalidFileExtensionOutcome)), HttpEndpoint.InvalidFileExtensionOutcome,
                        415, "Bestandstype niet toegestaan", $"Bestanden met extensie '{extension}' worden door dit workflow-eindpunt niet aangenomen.");
                }
                else if (allowedMime.Count > 0 && !allowedMime.Contains(mime, StringComparer.OrdinalIgnoreCase))
                {
                    (outcome, refusal) = Refuse(Plain(endpoint, nameof(HttpEndpoint.ExposeInvalidFileMimeTypeOutcome)), HttpEndpoint.InvalidFileMimeTypeOutcome,
                        415, "Bestandstype niet toegestaan", $"Bestanden van het type '{mime}' worden door dit workflow-eindpunt niet aangenomen.");
                }
            }
        }
        catch (IOException)
        {
            return HttpEndpointAnswer.Problem(400, "Ongeldig formulier", "Het formulier (multipart/form-data) kon niet worden gelezen.");
        }
        if (refusal is not null)
        {
            return refusal;
        }
        payload["parsedContent"] = ToJson(fields).ToJsonString();
        payload["files"] = files.ToJsonString();
        if (outcome is not null)
        {
            payload["outcome"] = outcome;
        }
        return null;
    }

    /// <summary>The route values when <paramref name="template"/> ("orders/{id}", "files/{**rest}") matches <paramref name="path"/>; else null.</summary>
    public static Dictionary<string, string>? Match(string template, string path)
    {
        var t = template.Trim().Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var p = path.Trim().Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < t.Length; i++)
        {
            var seg = t[i];
            if (seg.StartsWith('{') && seg.EndsWith('}'))
            {
                var name = seg[1..^1].TrimStart('*').Split(':')[0].TrimEnd('?');
                if (seg.StartsWith("{*", StringComparison.Ordinal))
                {
                    values[name] = Uri.UnescapeDataString(string.Join('/', p.Skip(i)));
                    return values;
                }
                if (i >= p.Length)
                {
                    return null;
                }
                values[name] = Uri.UnescapeDataString(p[i]);
            }
            else if (i >= p.Length || !string.Equals(seg, Uri.UnescapeDataString(p[i]), StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }
        return t.Length == p.Length ? values : null;
    }

    /// <summary>Elsa: an exposed outcome starts the workflow on that outcome; otherwise the request is refused.</summary>
    private static (string?, HttpEndpointAnswer?) Refuse(bool exposed, string outcome, int status, string title, string detail) =>
        exposed ? (outcome, null) : (null, HttpEndpointAnswer.Problem(status, title, detail));

    private static string? Literal(ActivityNode node, string input) =>
        node.GetInput(input)?.Expression is { Type: ExpressionTypes.Literal or ExpressionTypes.Object, Value: { } v } ? v : null;

    private static HashSet<string> Methods(ActivityNode node) =>
        List(node, nameof(HttpEndpoint.SupportedMethods)) is { Count: > 0 } list ? list.Select(m => m.ToUpperInvariant()).ToHashSet() : ["GET"];

    private static List<string> List(ActivityNode node, string input)
    {
        var raw = Literal(node, input);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return [];
        }
        try
        {
            return [.. (string[])InputBinder.Convert(raw, typeof(string[]), input)!];
        }
        catch (ActivityInputException)
        {
            return [];
        }
    }

    /// <summary>An unwrapped Boolean input (Elsa's Expose… outcome switches), also when stored wrapped.</summary>
    private static bool Plain(ActivityNode node, string input) =>
        node.Properties?.TryGetValue(ActivityNode.InputKey(input), out var v) == true
        && (v.ValueKind == JsonValueKind.True || Literal(node, input) is { } s && bool.TryParse(s, out var b) && b);

    private static TimeSpan? TimeSpanOf(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? null
        : TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var t) ? t
        : IsoDuration.TryParse(raw, out var iso) && iso.Years == 0 && iso.Months == 0 ? iso.Time + TimeSpan.FromDays(iso.Days) : null;

    private static JsonObject ToJson(IEnumerable<KeyValuePair<string, string>> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values)
        {
            o[k] = v;
        }
        return o;
    }
}
