using System.Diagnostics;
using System.Globalization;
using ChatArchive.Persistence;
using ChatArchive.Bench.Web;
using ChatArchive.Server.Tests.Web;

if (args.Length > 0 && args[0] == "inbox")
{
    // bench/Web/inbox.sh: the inbox under 50 concurrent users (see InboxBench).
    return await InboxBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30);
}


// Builds one read-out with N synthetic messages (fictional contacts, generated text) through the real read-out service
// (upload, ingest, suggest, as the workflow does), signs in as the information professional through the sign-in page,
// and times GET /uitlezingen/{id}/beoordelen (first page of 25 messages, counts, conversations) over the real server.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
const int Chats = 4;
await using var w = await ReadOutPageWorld.CreateAsync(DatabaseProvider.PostgreSql, "benchreview");
string[] texts =
[
    "De beslisnota over de woningbouwopgave staat klaar voor bespreking.",
    "Kunnen we morgen om 10.00 uur bellen over de Kamerbrief?",
    "Gefeliciteerd met je verjaardag, fijne dag met de kinderen!",
    "De fractievergadering van dinsdag is verplaatst naar woensdag.",
    "Het wetsvoorstel gaat vrijdag naar de ministerraad.",
];
var start = new DateTime(2024, 1, 1, 8, 0, 0);
var files = Enumerable.Range(0, Chats).Select(c =>
{
    var contact = $"Contact {c + 1} Fictief";
    var lines = Enumerable.Range(0, count / Chats).Select(i =>
    {
        var at = start.AddMinutes(i * Chats + c);
        var who = i % 3 == 0 ? "Minister" : contact;
        return $"{at:dd-MM-yyyy HH:mm} - {who}: {texts[(i + c) % texts.Length]} ({i})";
    }).ToArray();
    return ($"WhatsApp-chat met {contact}.txt", lines);
}).ToArray();
var setup = Stopwatch.StartNew();
await w.IngestAsync(files);
setup.Stop();
var state = (await w.Service.GetAsync(w.ReadOut.Id))!;
Console.WriteLine($"read-out {state.Id}: {state.Messages} messages in {Chats} conversations, set up (upload, ingest, suggest) in {setup.Elapsed.TotalSeconds:F1} s");

var client = await w.BrowserAsync("informatieprofessional.bzk");
var url = $"/uitlezingen/{state.Id}/beoordelen";
var times = new List<double>();
for (var i = 0; i < 31; i++)
{
    var watch = Stopwatch.StartNew();
    var response = await client.GetAsync(url);
    var html = await response.Content.ReadAsStringAsync();
    watch.Stop();
    if (!response.IsSuccessStatusCode || !html.Contains($"van {state.Messages} berichten beoordeeld", StringComparison.Ordinal))
    {
        Console.WriteLine($"unexpected answer {(int)response.StatusCode}");
        return 1;
    }
    times.Add(watch.Elapsed.TotalMilliseconds);
}
var first = times[0];
var warm = times.Skip(1).OrderBy(t => t).ToList();
double P(double q) => warm[(int)Math.Min(warm.Count - 1, Math.Ceiling(q * warm.Count) - 1)];
Console.WriteLine($"review page, first page of {state.Messages} messages: first call {first:F0} ms; warm (30 calls) median {P(0.5):F0} ms, p95 {P(0.95):F0} ms, max {warm[^1]:F0} ms; " +
    $"target < 500 ms: {(P(0.95) < 500 ? "met" : "NOT met")} (warm p95)");
return 0;
