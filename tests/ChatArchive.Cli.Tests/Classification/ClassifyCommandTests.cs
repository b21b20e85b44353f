using System.Text.Json;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Classification;

/// <summary>`chatarchive classify` is a stable machine interface (issue 4 §6): one JSON result per input line.</summary>
public class ClassifyCommandTests
{
    private static readonly string[] ResultFields = ["id", "label", "specialCategoryData", "categories", "confidence", "reasons"];

    private static string Folder() => Directory.CreateTempSubdirectory("classify-").FullName;

    private static string Line(string id, string conversation, string sender, string text, string? replyTo = null) =>
        JsonSerializer.Serialize(new { id, conversation, sender, text, replyTo });

    [Fact]
    public async Task Classify_prints_one_json_result_per_message_with_exactly_the_issue_fields()
    {
        var dir = Folder();
        var input = Path.Combine(dir, "messages.jsonl");
        File.WriteAllLines(input,
        [
            Line("1", "c-mam", "Mam", "Kom je zondag eten? Papa maakt stamppot."),
            Line("2", "c-mam", "Eva de Boer", "Ja leuk, ik ben er om vijf uur"),
            Line("3", "c-dg", "Daan Verbeek", "De burger met BSN 999955597 wacht op zijn toeslag, de nota ligt klaar."),
            Line("4", "c-dg", "Rachid El Idrissi", "Gefeliciteerd met je verjaardag!"),
            Line("5", "c-dg", "Eva de Boer", "👍", replyTo: "3"),
            Line("6", "c-partij", "Karin Smit", "Kun je op het partijcongres spreken?"),
        ]);
        var contacts = Path.Combine(dir, "contacts.json");
        File.WriteAllText(contacts, """{ "Mam": "private", "Karin Smit": "party-political" }""");

        var r = await CliRunner.RunAsync(["classify", "--input", input, "--contacts", contacts, "--json"]);

        Assert.True(r.ExitCode == 0, r.StdErr);
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        var results = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(results, e => Assert.Equal(ResultFields, e.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(["1", "2", "3", "4", "5", "6"], results.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(["private", "private", "business", "private", "business", "party-political"], results.Select(e => e.GetProperty("label").GetString()));
        Assert.Contains(results[0].GetProperty("reasons").EnumerateArray(), x => x.GetString()!.StartsWith("gaat over familie of gezin", StringComparison.Ordinal));
        Assert.Contains("contact staat geregistreerd als privé", results[1].GetProperty("reasons").EnumerateArray().Select(x => x.GetString()));
        Assert.True(results[2].GetProperty("specialCategoryData").GetBoolean());
        Assert.Contains("bsn", results[2].GetProperty("categories").EnumerateArray().Select(x => x.GetString()));
        Assert.Contains("bevat mogelijk BSN", results[2].GetProperty("reasons").EnumerateArray().Select(x => x.GetString()));
        Assert.False(results[3].GetProperty("specialCategoryData").GetBoolean());
        Assert.Contains(results[3].GetProperty("reasons").EnumerateArray(), x => x.GetString()!.StartsWith("bevat felicitatie", StringComparison.Ordinal));
        Assert.Contains(results[5].GetProperty("reasons").EnumerateArray(), x => x.GetString()!.StartsWith("noemt partijcongres", StringComparison.Ordinal));
        Assert.All(results, e => Assert.InRange(e.GetProperty("confidence").GetDouble(), 0.0, 1.0));
        // Privacy: the output holds ids, labels and reasons, never the message text or the number.
        Assert.DoesNotContain("stamppot", r.StdOut);
        Assert.DoesNotContain("999955597", r.StdOut);
    }

    [Fact]
    public async Task Classify_reads_a_department_lexicon_folder()
    {
        var dir = Folder();
        var input = Path.Combine(dir, "messages.jsonl");
        File.WriteAllLines(input, [Line("1", "c1", "Kees Bos", "Kom je kijken bij het schuttersfeest zaterdag?")]);
        var lexicons = Directory.CreateDirectory(Path.Combine(dir, "lexicons")).FullName;
        File.WriteAllText(Path.Combine(lexicons, "dept.json"), """
            { "id": "dept", "version": "1", "language": "nl",
              "entries": [ { "term": "schuttersfeest", "category": "private/social", "weight": 1 } ] }
            """);

        var without = await CliRunner.RunAsync(["classify", "--input", input, "--json"]);
        var with = await CliRunner.RunAsync(["classify", "--input", input, "--lexicons", lexicons, "--json"]);

        Assert.Equal("business", JsonDocument.Parse(without.StdOut).RootElement.GetProperty("label").GetString());
        var result = JsonDocument.Parse(with.StdOut).RootElement;
        Assert.Equal("private", result.GetProperty("label").GetString());
        Assert.Contains(result.GetProperty("reasons").EnumerateArray(), x => x.GetString()!.Contains("dept: 'schuttersfeest'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Classify_refuses_a_bad_line_with_a_dutch_error_and_prints_no_results()
    {
        var dir = Folder();
        var input = Path.Combine(dir, "messages.jsonl");
        File.WriteAllLines(input, [Line("1", "c1", "Pieter van Dam", "De nota ligt klaar."), """{"id":"2","conversation":"c1","text":"zonder afzender"}"""]);

        var r = await CliRunner.RunAsync(["classify", "--input", input, "--json"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.StdOut);
        Assert.Contains("Regel 2 mist het veld \"sender\"", r.StdErr);
        Assert.DoesNotContain("zonder afzender", r.StdErr);
    }

    [Fact]
    public async Task Classify_without_json_prints_a_dutch_line_per_message()
    {
        var dir = Folder();
        var input = Path.Combine(dir, "messages.jsonl");
        File.WriteAllLines(input, [Line("a1", "c1", "Femke Mulder", "Gecondoleerd met je vader, veel sterkte."), Line("a2", "c1", "Daan Verbeek", "De nota over de begroting ligt klaar.")]);

        var r = await CliRunner.RunAsync(["classify", "--input", input]);

        Assert.True(r.ExitCode == 0, r.StdErr);
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("a1\tprivé\t", lines[0]);
        Assert.Contains("bevat condoleance", lines[0]);
        Assert.StartsWith("a2\tzakelijk\t", lines[1]);
    }

    [Fact]
    public async Task Classify_refuses_a_repeated_message_id()
    {
        var dir = Folder();
        var input = Path.Combine(dir, "messages.jsonl");
        File.WriteAllLines(input, [Line("7", "c1", "Anne Visser", "Ok"), Line("7", "c1", "Anne Visser", "Nog een keer")]);

        var r = await CliRunner.RunAsync(["classify", "--input", input, "--json"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.StdOut);
        Assert.Contains("Regel 2: bericht-id '7' komt al eerder voor", r.StdErr);
    }

    [Theory]
    [InlineData("--input")]
    [InlineData("--contacts")]
    public async Task Classify_names_the_missing_file_in_dutch(string option)
    {
        var dir = Folder();
        var input = Path.Combine(dir, "messages.jsonl");
        File.WriteAllLines(input, [Line("1", "c1", "Pieter van Dam", "De nota ligt klaar.")]);
        string[] args = option == "--input"
            ? ["classify", "--input", Path.Combine(dir, "weg.jsonl"), "--json"]
            : ["classify", "--input", input, "--contacts", Path.Combine(dir, "weg.json"), "--json"];

        var r = await CliRunner.RunAsync(args);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"Het bestand bij {option} bestaat niet", r.StdErr);
    }

    [Fact]
    public async Task Eval_classifier_prints_precision_recall_confusion_matrix_and_bsn_results_on_a_sample()
    {
        var set = Path.Combine(Artifacts.RepositoryRoot(), "eval", "classification", "set.jsonl");

        var r = await CliRunner.RunAsync(["eval-classifier", "--set", set, "--sample", "120"]);

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("confusion matrix", r.StdOut);
        Assert.Matches(@"business\s+\d+\.\d %\s+\d+\.\d %", r.StdOut);
        Assert.Contains("business suggested as private/party:", r.StdOut);
        Assert.Contains("special categories (AVG art. 9):", r.StdOut);
        Assert.Contains("BSN:", r.StdOut);
        Assert.Contains("contacts: 11", r.StdOut);
        Assert.Matches(@"sample of \d+\)", r.StdOut);
    }

    [Fact]
    public async Task Classify_learns_from_earlier_decisions_given_with_decisions()
    {
        var dir = Folder();
        var input = Path.Combine(dir, "messages.jsonl");
        File.WriteAllLines(input, [Line("n1", "c-sanne", "Sanne", "Heb je het stuk al gelezen?"), Line("n2", "c-sanne", "Eva de Boer", "Ik kijk het even na")]);
        var decisions = Path.Combine(dir, "decisions.jsonl");
        File.WriteAllLines(decisions, Enumerable.Range(1, 5).Select(i =>
            JsonSerializer.Serialize(new { conversation = "c-sanne", sender = i % 2 == 0 ? "Eva de Boer" : "Sanne", label = "private", fingerprint = $"f{i}" })));

        var without = await CliRunner.RunAsync(["classify", "--input", input, "--json"]);
        var with = await CliRunner.RunAsync(["classify", "--input", input, "--decisions", decisions, "--officeholder-name", "Eva de Boer", "--json"]);

        Assert.True(with.ExitCode == 0, with.StdErr);
        Assert.All(without.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Equal("business", JsonDocument.Parse(l).RootElement.GetProperty("label").GetString()));
        var results = with.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(results, e => Assert.Equal("private", e.GetProperty("label").GetString()));
        Assert.Equal("eerder door de informatieprofessional als privé beoordeeld, 5 van 5 berichten in dit gesprek",
            results[0].GetProperty("reasons")[0].GetString());
    }

    [Fact]
    public async Task Classify_refuses_a_bad_decisions_file_in_dutch()
    {
        var dir = Folder();
        var input = Path.Combine(dir, "messages.jsonl");
        File.WriteAllLines(input, [Line("n1", "c1", "Sanne", "Hoi")]);
        var decisions = Path.Combine(dir, "decisions.jsonl");
        File.WriteAllLines(decisions, ["""{"conversation":"c1","sender":"Sanne","label":"privé"}"""]);

        var r = await CliRunner.RunAsync(["classify", "--input", input, "--decisions", decisions, "--json"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Beoordelingenbestand, regel 1", r.StdErr);
        Assert.Contains("business, private of party-political", r.StdErr);
        Assert.Equal("", r.StdOut);
    }

    [Fact]
    public async Task Eval_classifier_sums_a_folder_of_read_outs_and_reports_the_review_effort()
    {
        var dir = Folder();
        string Labeled(string id, string conversation, string sender, string text, string expected) =>
            JsonSerializer.Serialize(new { id, conversation, sender, text, replyTo = (string?)null, expected, expectedCategories = Array.Empty<string>(), expectedBsn = false });
        File.WriteAllLines(Path.Combine(dir, "a.jsonl"),
        [
            Labeled("a1", "ca", "Pieter", "De nota ligt klaar voor paraaf", "business"),
            Labeled("a2", "ca", "Mam", "Kom je zondag eten?", "private"),
        ]);
        File.WriteAllText(Path.Combine(dir, "a.contacts.json"), """{ "Mam": "private" }""");
        File.WriteAllLines(Path.Combine(dir, "b.jsonl"), [Labeled("b1", "cb", "Anne", "Gefeliciteerd met je verjaardag!", "private")]);

        var r = await CliRunner.RunAsync(["eval-classifier", "--set", dir]);

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("a.jsonl: 2 messages", r.StdOut);
        Assert.Contains("b.jsonl: 1 messages", r.StdOut);
        Assert.Contains("messages: 3", r.StdOut);
        Assert.Contains("(2 read-outs, summed)", r.StdOut);
        Assert.Contains("review effort:                        2 decisions by hand for 3 messages", r.StdOut);
    }
}
