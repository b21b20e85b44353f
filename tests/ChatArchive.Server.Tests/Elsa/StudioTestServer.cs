using System.Net;
using System.Net.Http.Headers;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>
/// The real server (Program) on a fresh database of the given provider, with clients signed in by a bearer
/// token from the server's own TokenService. With <c>kestrel: true</c> it listens on a loopback port for the browser.
/// </summary>
public sealed class StudioTestServer : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly List<HttpClient> _clients = [];

    private StudioTestServer(WebApplicationFactory<Program> factory, DatabaseOptions database)
    {
        _factory = factory;
        Database = database;
    }

    public DatabaseOptions Database { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>http://127.0.0.1:port when started with Kestrel.</summary>
    public Uri? BaseAddress { get; private set; }

    public static async Task<StudioTestServer> StartAsync(DatabaseProvider provider, bool kestrel = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabases.CreateEmptyAsync(provider, "studio");
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting(DatabaseOptions.ProviderKey, provider.ToString());
            b.UseSetting("ConnectionStrings:" + DatabaseOptions.ConnectionStringName, database.ConnectionString);
            b.UseSetting(DatabaseOptions.DataFolderKey, database.DataFolder);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                b.UseSetting(key, value);
            }
        });
        if (kestrel)
        {
            factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }
        var server = new StudioTestServer(factory, database);
        factory.StartServer();
        if (kestrel)
        {
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
        return server;
    }

    public string TokenFor(string userId, string department, params string[] roles) =>
        Services.GetRequiredService<TokenService>().Issue(userId, userId, roles, department);

    /// <summary>A client signed in as <paramref name="userId"/> of <paramref name="department"/> with <paramref name="roles"/>.</summary>
    public HttpClient Client(string userId, string department, params string[] roles)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId, department, roles));
        return client;
    }

    public HttpClient Anonymous()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients) c.Dispose();
        await _factory.DisposeAsync();
    }
}
