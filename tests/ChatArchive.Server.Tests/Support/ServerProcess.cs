using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Support;

/// <summary>
/// The built server (ChatArchive.Server.dll) run as a real operating-system process, configured only
/// through environment variables as in production, so it can be killed (SIGKILL) and restarted.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything the server wrote (for failure messages); never asserted on.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static string ServerDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(Artifacts.RepositoryRoot(), "src", "ChatArchive.Server", "bin", configuration, "net10.0", "ChatArchive.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the server first (dotnet build).", dll);
    }

    /// <summary>A fixed test signing key: production mode (PostgreSQL) refuses to start without one.</summary>
    public const string TestSigningKey = "dGVzdC1zaWduaW5nLWtleS1vZi1hdC1sZWFzdC0zMi1ieXRlcy1sb25nIQ==";

    /// <summary>
    /// Starts the server as for <see cref="StartAsync"/> but expects it to stop by itself (a refused start-up):
    /// returns its exit code and everything it wrote, or throws when it is still running after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(DatabaseOptions database, IReadOnlyDictionary<string, string>? extra, TimeSpan timeout)
    {
        var server = Create(database, extra, null);
        await using (server)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await server._process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The server kept running for {timeout}; it should have refused to start:\n{server.Output}");
            }
            return (server._process.ExitCode, server.Output);
        }
    }

    public static async Task<ServerProcess> StartAsync(DatabaseOptions database, IReadOnlyDictionary<string, string>? extra = null, int? port = null)
    {
        var server = Create(database, extra, port);
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private static ServerProcess Create(DatabaseOptions database, IReadOnlyDictionary<string, string>? extra, int? port)
    {
        var dll = ServerDll();
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}/");
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["ChatArchive__Database__Provider"] = database.Provider.ToString();
        psi.Environment["ConnectionStrings__ChatArchive"] = database.ConnectionString;
        psi.Environment["ChatArchive__DataFolder"] = database.DataFolder;
        psi.Environment["Urls"] = address.ToString().TrimEnd('/');
        psi.Environment["ChatArchive__Auth__SigningKey"] = TestSigningKey;
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) psi.Environment[k] = v;

        var process = new Process { StartInfo = psi };
        var server = new ServerProcess(process, address);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Settings for a server process the tests sign in to with the development sign-in (honoured only in the
    /// Development environment; the server refuses it elsewhere), without demo data; <paramref name="extra"/> adds or overrides.
    /// </summary>
    public static Dictionary<string, string> DevelopmentSettings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ChatArchive__Auth__DevelopmentSignIn"] = "true",
            ["ChatArchive__DemoData"] = "false",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    /// <summary>Department BZK and the administrator "beheerder" in a fresh database, for a test that signs in as that administrator.</summary>
    public static async Task SeedAdministratorAsync(DatabaseOptions database)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        db.Add(new ChatArchive.Domain.Registry.Department { Code = "BZK", Name = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties" });
        db.Add(new ChatArchive.Domain.Registry.User { UserName = "beheerder", DisplayName = "Functioneel beheerder", Roles = [ChatArchive.Domain.Registry.Roles.Administrator] });
        await db.SaveChangesAsync();
    }

    /// <summary>A client signed in as <paramref name="userName"/> through the development sign-in (bearer token).</summary>
    public async Task<HttpClient> SignInAsync(string userName)
    {
        var client = CreateClient();
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/auth/dev-token", new { userName });
        response.EnsureSuccessStatusCode();
        var token = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<ChatArchive.Server.Auth.DevelopmentSignInEndpoints.DevTokenResponse>(response.Content, Json.Options))!;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    /// <summary>kill -9: no shutdown hooks, no flushing; whatever was not committed is gone.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) KillHard();
        else _process.WaitForExit(); // drains the redirected output
        _process.Dispose();
        await Task.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow start on a busy machine
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Server not ready within {timeout}:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
