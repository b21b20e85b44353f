namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>
/// Settings of Elsa's HTTP activities (section <c>ChatArchive:Workflows:Http</c>). Outgoing requests (Elsa.SendHttpRequest,
/// Elsa.FlowSendHttpRequest) only go to <see cref="AllowedHosts"/>; incoming requests (Elsa.HttpEndpoint) are limited in size and time.
/// </summary>
public sealed class HttpActivityOptions
{
    /// <summary>
    /// Host names (or IP addresses written as such) a workflow may send requests to; "*.example.nl" allows every subdomain of
    /// example.nl. Empty (the default): every outgoing request is refused.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>
    /// Loopback, link-local, private and other non-public addresses a request may reach after all ("127.0.0.1", "10.20.0.0/16").
    /// A host on <see cref="AllowedHosts"/> that resolves to such an address is refused unless the address is listed here too.
    /// </summary>
    public string[] AllowedPrivateAddresses { get; set; } = [];

    /// <summary>How long an outgoing request may take in all (redirects included); then the activity ends on "Timeout".</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response body read; a larger one makes the step an incident.</summary>
    public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Redirects followed per request, each to an allowed host only.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Largest request body an HTTP endpoint accepts (an endpoint's own RequestSizeLimit may only be smaller); larger → 413.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Definition ids whose HTTP endpoints answer requests without a signed-in user (and whose endpoint does not set Authorize). The
    /// explicit opt-in for anonymous access: only the administrator who configures the server can set it, never a process owner in
    /// Studio. Empty (the default): every request to /workflows needs a signed-in user of the workflow's department.
    /// </summary>
    public string[] AnonymousDefinitions { get; set; } = [];

    /// <summary>How long an HTTP endpoint's caller waits for the workflow's answer (Elsa.WriteHttpResponse) when the endpoint sets no RequestTimeout.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
