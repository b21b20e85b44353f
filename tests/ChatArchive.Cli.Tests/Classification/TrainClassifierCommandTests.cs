using System.Text.Json;
using ChatArchive.Classification.Statistics;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Classification;

/// <summary>`chatarchive train-classifier` (issue 12, item 2): trains the statistical stage, writes a model file, reports a cross-validation; Dutch errors.</summary>
public class TrainClassifierCommandTests
{
    private static string Folder() => Directory.CreateTempSubdirectory("train-").FullName;

    private static string Line(string id, string conversation, string sender, string text, string expected) =>
        JsonSerializer.Serialize(new { id, conversation, sender, text, expected });

    /// <summary>Two made-up styles, each a few conversations: private talk about a sailing boat and a vegetable garden, business about a report.</summary>
    private static string TwoStyles()
    {
        var dir = Folder();
        foreach (var style in new[] { "familie", "ambtenaren" })
        {
            var lines = new List<string>();
            for (var c = 0; c < 4; c++)
            {
                var conversation = $"{style}-{c}";
                lines.Add(Line($"{conversation}-1", conversation, "Kees", "de zeilboot ligt weer in het water", "private"));
                lines.Add(Line($"{conversation}-2", conversation, "Eva de Boer", "in de moestuin staan de tulpen al", "private"));
                lines.Add(Line($"{conversation}-3", $"{conversation}-werk", "Sanne", "de kwartaalrapportage ligt klaar voor dinsdag", "business"));
            }
            File.WriteAllLines(Path.Combine(dir, $"{style}.jsonl"), lines);
        }
        return dir;
    }

    [Fact]
    public async Task Train_classifier_writes_a_model_file_that_loads_and_reports_held_out_styles_and_conversations()
    {
        var dir = TwoStyles();
        var model = Path.Combine(dir, "out", "text-model.bin");

        var r = await CliRunner.RunAsync(["train-classifier", "--set", dir, "--out", model, "--cross-validate", "--thresholds", "0.6,0.9"]);

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("== held-out style", r.StdOut);
        Assert.Contains("== held-out conversations", r.StdOut);
        Assert.Contains("with model ≥ 0.60", r.StdOut);
        Assert.Contains("with model ≥ 0.90", r.StdOut);
        Assert.Contains("familie (12 messages; special-category thresholds chosen on the other parts", r.StdOut);
        Assert.DoesNotContain("zeilboot", r.StdOut); // counts only, never message text
        await using var stream = File.OpenRead(model);
        var loaded = TextModel.Read(stream);
        Assert.Contains("24 messages", loaded.Description, StringComparison.Ordinal);
        Assert.False(File.Exists(model + ".tmp"));
    }

    [Fact]
    public async Task Train_classifier_refuses_bad_input_in_Dutch_and_writes_nothing()
    {
        var dir = TwoStyles();
        var model = Path.Combine(dir, "model.bin");

        var noAction = await CliRunner.RunAsync(["train-classifier", "--set", dir]);
        var badThreshold = await CliRunner.RunAsync(["train-classifier", "--set", dir, "--cross-validate", "--thresholds", "1,5"]);
        var missing = await CliRunner.RunAsync(["train-classifier", "--set", Path.Combine(dir, "bestaat-niet"), "--out", model]);

        Assert.Equal(2, noAction.ExitCode);
        Assert.Contains("Geef --out", noAction.StdErr);
        Assert.Equal(2, badThreshold.ExitCode);
        Assert.Contains("geen kans tussen 0 en 1", badThreshold.StdErr);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("bestaat niet", missing.StdErr);
        Assert.False(File.Exists(model));
    }
}
