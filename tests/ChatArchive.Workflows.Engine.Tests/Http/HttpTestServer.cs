using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Tests.Http;

/// <summary>A real Kestrel server on 127.0.0.1 (a free port) that the workflow's HTTP requests go to; it records what it received.</summary>
public sealed class HttpTestServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private HttpTestServer(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    /// <summary>Every request received: method, path, content type, Authorization, X-Kenmerk, body.</summary>
    public ConcurrentQueue<(string Method, string Path, string? ContentType, string? Authorization, string? Kenmerk, string Body)> Received { get; } = new();

    public static async Task<HttpTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        HttpTestServer? self = null;
        app.Use(async (ctx, next) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            self!.Received.Enqueue((ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.ContentType, ctx.Request.Headers.Authorization.FirstOrDefault(),
                ctx.Request.Headers["X-Kenmerk"].FirstOrDefault(), body));
            ctx.Items["body"] = body;
            await next();
        });
        app.MapGet("/ok", (HttpContext ctx) =>
        {
            ctx.Response.Headers["X-Bron"] = "test";
            return Results.Json(new { zaak = "Z-1", aantal = 3 });
        });
        app.MapPost("/echo", (HttpContext ctx) => Results.Text((string)ctx.Items["body"]!, "text/plain", statusCode: 201));
        app.MapGet("/missing", () => Results.NotFound());
        app.MapGet("/teapot", () => Results.StatusCode(418));
        app.MapGet("/slow", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            return Results.Ok();
        });
        app.MapGet("/big", () => Results.Text(new string('x', 2 * 1024 * 1024)));
        app.MapGet("/redirect-in", () => Results.Redirect("/ok"));
        app.MapGet("/redirect-out", () => Results.Redirect("http://buiten.example/geheim"));
        app.MapGet("/redirect-localhost", (HttpContext ctx) => Results.Redirect($"http://localhost:{ctx.Connection.LocalPort}/ok"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new HttpTestServer(app, new Uri(address).Port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
