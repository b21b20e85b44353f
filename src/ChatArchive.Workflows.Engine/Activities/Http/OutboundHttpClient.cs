using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>One outgoing request of a workflow: what Elsa's SendHttpRequest inputs become.</summary>
public sealed record OutboundRequest(string Method, Uri Url)
{
    public byte[]? Body { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyList<KeyValuePair<string, string[]>> Headers { get; init; } = [];
    public string? Authorization { get; init; }

    /// <summary>Elsa's DisableAuthorizationHeaderValidation: the Authorization value is sent as written.</summary>
    public bool RawAuthorization { get; init; }
}

/// <summary>The answer: status, headers (response and content headers), the body as text (at most the configured size).</summary>
public sealed record OutboundResponse(int StatusCode, IReadOnlyDictionary<string, string[]> Headers, string? Body, string? MediaType);

/// <summary>The request was refused before anything was sent (host not allowed, non-public address, redirect elsewhere, too large).</summary>
public sealed class OutboundHttpRefusedException(string message) : Exception(message);

/// <summary>
/// Sends workflow requests with the server-side request forgery rules of <see cref="HttpActivityOptions"/>: only http(s) to a host on
/// the allow-list; the host is resolved at connect time and every address it resolves to is checked (<see cref="AddressRules"/>), so a
/// DNS answer that changes between check and use (DNS rebinding) still cannot reach an internal address; redirects are followed by
/// hand, each hop checked the same way; the whole exchange has a time limit and the body a size limit. No body is ever logged.
/// </summary>
public sealed class OutboundHttpClient : IDisposable
{
    private readonly HttpActivityOptions options;
    private readonly AddressRules addresses;
    private readonly HttpClient client;

    public OutboundHttpClient(HttpActivityOptions options)
    {
        this.options = options;
        addresses = new AddressRules(options.AllowedPrivateAddresses);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>True when <paramref name="host"/> is on the allow-list (exactly, or under a "*.domain" entry).</summary>
    public bool IsHostAllowed(string host)
    {
        var h = host.Trim().TrimEnd('.').ToLowerInvariant();
        foreach (var entry in options.AllowedHosts)
        {
            var e = entry.Trim().TrimEnd('.').ToLowerInvariant();
            if (e.Length == 0)
            {
                continue;
            }
            if (e.StartsWith("*.", StringComparison.Ordinal) ? h.EndsWith(e[1..], StringComparison.Ordinal) && h.Length > e.Length - 1 : h == e.Trim('[', ']'))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Checks the URL before anything is sent; throws <see cref="OutboundHttpRefusedException"/> with a Dutch reason.</summary>
    public void CheckUrl(Uri url, string label)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new OutboundHttpRefusedException($"Activiteit '{label}' kan alleen http- of https-adressen aanroepen; '{url.Scheme}' is niet toegestaan.");
        }
        if (!IsHostAllowed(url.IdnHost))
        {
            throw new OutboundHttpRefusedException(
                $"Activiteit '{label}' mag geen verzoek sturen naar host '{url.IdnHost}': die staat niet op de lijst van toegestane hosts van deze server. " +
                "Alleen een beheerder kan een host aan die lijst toevoegen.");
        }
    }

    /// <summary>
    /// Sends the request (and its redirects). Throws <see cref="OutboundHttpRefusedException"/> (refused), <see cref="TimeoutException"/>
    /// (the time limit passed) or <see cref="HttpRequestException"/> (no connection).
    /// </summary>
    public async Task<OutboundResponse> SendAsync(OutboundRequest request, string label, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        try
        {
            var current = request;
            for (var hop = 0; ; hop++)
            {
                CheckUrl(current.Url, label);
                using var message = Build(current, request.Url);
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    if (hop >= options.MaxRedirects)
                    {
                        throw new OutboundHttpRefusedException($"Activiteit '{label}' werd meer dan {options.MaxRedirects} keer doorgestuurd; het verzoek is gestopt.");
                    }
                    var next = location.IsAbsoluteUri ? location : new Uri(current.Url, location);
                    if (!IsHostAllowed(next.IdnHost))
                    {
                        throw new OutboundHttpRefusedException(
                            $"Activiteit '{label}' werd doorgestuurd naar host '{next.IdnHost}', die niet op de lijst van toegestane hosts van deze server staat; de doorverwijzing is niet gevolgd.");
                    }
                    var toGet = status == 303 || (status is 301 or 302 && current.Method == "POST");
                    current = current with { Url = next, Method = toGet ? "GET" : current.Method, Body = toGet ? null : current.Body, ContentType = toGet ? null : current.ContentType };
                    continue;
                }
                return await ReadAsync(response, label, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Activiteit '{label}' kreeg binnen {options.Timeout.TotalSeconds:0} seconden geen antwoord.");
        }
        catch (HttpRequestException ex) when (Refusal(ex) is { } refused)
        {
            throw refused;
        }
    }

    private static OutboundHttpRefusedException? Refusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is OutboundHttpRefusedException r)
            {
                return r;
            }
        }
        return null;
    }

    private static HttpRequestMessage Build(OutboundRequest r, Uri original)
    {
        var m = new HttpRequestMessage(new HttpMethod(r.Method), r.Url);
        // Credentials go only to the host they were written for.
        var sameHost = string.Equals(r.Url.IdnHost, original.IdnHost, StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(r.Authorization) && sameHost)
        {
            if (r.RawAuthorization)
            {
                m.Headers.TryAddWithoutValidation("Authorization", r.Authorization);
            }
            else
            {
                m.Headers.Authorization = AuthenticationHeaderValue.Parse(r.Authorization);
            }
        }
        foreach (var (name, values) in r.Headers)
        {
            if (!sameHost && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            m.Headers.TryAddWithoutValidation(name, values);
        }
        if (r.Body is not null)
        {
            m.Content = new ByteArrayContent(r.Body);
            if (r.ContentType is not null)
            {
                m.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(r.ContentType);
            }
        }
        return m;
    }

    private async Task<OutboundResponse> ReadAsync(HttpResponseMessage response, string label, CancellationToken ct)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in response.Headers.Concat(response.Content.Headers))
        {
            headers[h.Key] = h.Value.ToArray();
        }
        if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
        {
            throw TooLarge(label);
        }
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > options.MaxResponseBytes)
            {
                throw TooLarge(label);
            }
            buffer.Write(chunk, 0, read);
        }
        string? body = null;
        if (buffer.Length > 0)
        {
            var charset = response.Content.Headers.ContentType?.CharSet?.Trim('"');
            Encoding encoding;
            try
            {
                encoding = string.IsNullOrEmpty(charset) ? Encoding.UTF8 : Encoding.GetEncoding(charset);
            }
            catch (ArgumentException)
            {
                encoding = Encoding.UTF8;
            }
            body = encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        return new OutboundResponse((int)response.StatusCode, headers, body, response.Content.Headers.ContentType?.MediaType);
    }

    private OutboundHttpRefusedException TooLarge(string label) =>
        new($"Het antwoord op het verzoek van activiteit '{label}' is groter dan {options.MaxResponseBytes} bytes, de grens van deze server; het is niet gelezen.");

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var resolved = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (resolved.Length == 0)
        {
            throw new HttpRequestException($"Host '{host}' heeft geen adres.");
        }
        if (resolved.FirstOrDefault(a => !addresses.MayConnect(a)) is { } refused)
        {
            throw new OutboundHttpRefusedException(
                $"Host '{host}' verwijst naar adres {refused}, een intern of niet-openbaar adres; daar stuurt deze server geen verzoeken heen, tenzij een beheerder dat adres uitdrukkelijk toestaat.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(resolved, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => client.Dispose();
}
