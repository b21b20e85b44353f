using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Ingestion;

/// <summary>The inspect, compare and ingest commands run as the built CLI process.</summary>
public class IngestionCommandTests
{
    [Fact]
    public async Task Inspect_json_prints_the_conversation_with_offsets_and_findings()
    {
        var path = IngestionData.Write(IngestionData.FileName, IngestionData.February);
        var r = await CliRunner.RunAsync(["inspect", path, "--json"]);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal("whatsapp-android", doc.RootElement.GetProperty("format").GetString());
        var conv = doc.RootElement.GetProperty("conversations")[0];
        Assert.Equal("Sanne de Vries", conv.GetProperty("title").GetString());
        Assert.Equal(8, conv.GetProperty("messages").GetArrayLength());
        Assert.Equal("2024-02-01T09:00:00+01:00", conv.GetProperty("messages")[0].GetProperty("sent").GetString());
        Assert.Equal("encryption-notice", conv.GetProperty("systemEvents")[0].GetProperty("kind").GetString());
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "deleted-for-everyone");
    }

    [Fact]
    public async Task Compare_json_prints_new_count_and_missing_messages()
    {
        var earlier = IngestionData.Write(IngestionData.FileName, IngestionData.February);
        var later = IngestionData.Write(IngestionData.FileName, IngestionData.February.Where(l => !l.Contains("gedeputeerde", StringComparison.Ordinal))
            .Append("08-02-2024 09:00 - Minister Bakker: Dank voor de voorbereiding."));
        var r = await CliRunner.RunAsync(["compare", earlier, later, "--json"]);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal(1, doc.RootElement.GetProperty("new").GetInt32());
        var m = doc.RootElement.GetProperty("missing").EnumerateArray().Single();
        Assert.Equal("Sanne de Vries", m.GetProperty("sender").GetString());
        Assert.Equal("2024-02-02T13:15:00+01:00", m.GetProperty("sent").GetString());
        Assert.Equal("De gedeputeerde belt om 14.00 uur over de stikstofruimte.", m.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Unknown_format_exits_2_with_a_dutch_message_naming_the_file()
    {
        var path = IngestionData.Write("vergaderverslag.txt", ["Verslag van het bewindspersonenoverleg", "Aanwezig: de minister"]);
        var r = await CliRunner.RunAsync(["inspect", path, "--json"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("vergaderverslag.txt", r.StdErr);
        Assert.Contains("niet herkend", r.StdErr);
        Assert.Equal("", r.StdOut);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Ingest_twice_stores_one_read_out_and_the_second_run_says_nothing_was_added(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateEmptyAsync(provider, "cliingest");
        await IngestionData.RegisterOfficeholderAsync(db, 42);
        var env = IngestionData.Env(db);
        var path = IngestionData.Write(IngestionData.FileName, IngestionData.February);

        var first = await CliRunner.RunAsync(["ingest", path, "--officeholder", "42", "--channel", "whatsapp"], env);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Uitlezing 1 opgeslagen", first.StdOut);
        Assert.Matches(@"Nieuw:\s+8", first.StdOut);
        Assert.Matches(@"Systeemmeldingen:\s+1", first.StdOut);

        var second = await CliRunner.RunAsync(["ingest", path, "--officeholder", "42", "--channel", "whatsapp", "--json"], env);
        Assert.Equal(0, second.ExitCode);
        using var doc = JsonDocument.Parse(second.StdOut);
        Assert.True(doc.RootElement.GetProperty("alreadyIngested").GetBoolean());
        Assert.Equal(8, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Ingest_into_the_wrong_channel_is_refused_and_stores_nothing(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "cliingest");
        await IngestionData.RegisterOfficeholderAsync(db, 42);
        var path = IngestionData.Write(IngestionData.FileName, IngestionData.February);
        var r = await CliRunner.RunAsync(["ingest", path, "--officeholder", "42", "--channel", "signal"], IngestionData.Env(db));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("hoort bij kanaal 'whatsapp'", r.StdErr);
        Assert.Equal(0, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_read_outs"));
    }
}
