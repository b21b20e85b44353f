using System.Globalization;
using System.Text.Json;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.Tests.Formats;
using Xunit.Abstractions;

namespace ChatArchive.Ingestion.Tests.Regression;

/// <summary>
/// Issue 16 §2: exports that other open-source projects keep in their own test suites, each with the messages those
/// projects' own tests assert (their target files, converted once into <c>expected.json</c>; provenance and licence in
/// <c>Fixtures/regression/SOURCES.md</c>). Every export is read as the CLI reads it and judged: exact (same messages:
/// sender, time, text with white space ignored, since readers join continuation lines differently), refused (a Dutch
/// error: honest), or wrong (read without error but different — the dangerous class). There must be no wrong read.
/// A fixture whose project's own test expects the file to be rejected (<c>"expect": "refusal"</c>) is exact when we
/// refuse it and wrong when we read it.
/// </summary>
public class RegressionSetTests(ITestOutputHelper output)
{
    public sealed record Expected(string Sender, string Sent, string Text);

    public sealed record Fixture(string Project, string File, string Format, string? FormatOption, string Time, IReadOnlyList<Expected> Messages, bool ExpectRefusal = false)
    {
        public override string ToString() => $"{Project}/{File}";
    }

    public enum Verdict { Exact, Refused, Wrong }

    private static readonly Lazy<List<Fixture>> All = new(() =>
    {
        var root = FormatFixtures.PathOf("regression");
        var list = new List<Fixture>();
        foreach (var file in Directory.EnumerateFiles(root, "expected.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var project = Path.GetRelativePath(root, Path.GetDirectoryName(file)!);
            foreach (var f in doc.RootElement.GetProperty("fixtures").EnumerateArray())
            {
                list.Add(new Fixture(project, f.GetProperty("file").GetString()!, f.GetProperty("format").GetString()!,
                    f.TryGetProperty("formatOption", out var o) ? o.GetString() : null, f.GetProperty("time").GetString()!,
                    f.GetProperty("messages").EnumerateArray().Select(m => new Expected(m.GetProperty("sender").GetString()!, m.GetProperty("sent").GetString()!, m.GetProperty("text").GetString()!)).ToList(),
                    f.TryGetProperty("expect", out var expect) && expect.GetString() == "refusal"));
            }
        }
        return list;
    });

    public static TheoryData<string> Fixtures() => new(All.Value.Select(f => f.ToString()));

    /// <summary>Reads one export and judges it; <paramref name="why"/> says what differed or why it was refused.</summary>
    public static Verdict Judge(Fixture fixture, out string why)
    {
        var path = FormatFixtures.PathOf(["regression", fixture.Project, .. fixture.File.Split('/')]);
        List<ExportItem> items;
        string format;
        try
        {
            using var source = ExportSourceFactory.Open(path);
            var reader = FormatDetector.Default().Detect(source, fixture.FormatOption);
            format = reader.Format;
            items = reader.Read(source).ToList();
        }
        catch (ExportFormatException e)
        {
            why = e.Message;
            return fixture.ExpectRefusal ? Verdict.Exact : Verdict.Refused;
        }
        if (fixture.ExpectRefusal)
        {
            why = $"read as {format} with {items.OfType<MessageRead>().Count()} messages; its project's test expects a rejection";
            return Verdict.Wrong;
        }
        if (format != fixture.Format)
        {
            why = $"read as {format}, is {fixture.Format}";
            return Verdict.Wrong;
        }
        var ours = items.OfType<MessageRead>().Select(m => Key(m.Message.Sender,
                fixture.Time == "utc" ? m.Message.Sent.UtcDateTime : m.Message.Sent.DateTime, m.Message.Text))
            .Order(StringComparer.Ordinal).ToList();
        var theirs = fixture.Messages.Select(m => Key(m.Sender, DateTime.Parse(m.Sent, CultureInfo.InvariantCulture), m.Text))
            .Order(StringComparer.Ordinal).ToList();
        if (ours.SequenceEqual(theirs, StringComparer.Ordinal))
        {
            why = $"{ours.Count} messages";
            return Verdict.Exact;
        }
        why = $"ours {ours.Count}, theirs {theirs.Count}; only ours: [{string.Join(" | ", ours.Except(theirs).Take(3))}]; only theirs: [{string.Join(" | ", theirs.Except(ours).Take(3))}]";
        return Verdict.Wrong;
    }

    private static string Key(string sender, DateTime sent, string text) =>
        $"{sender}\u241F{sent:yyyy-MM-ddTHH:mm:ss}\u241F{string.Concat(text.Where(c => !char.IsWhiteSpace(c)))}";

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void No_export_of_another_project_is_read_wrong_without_an_error(string name)
    {
        var fixture = All.Value.Single(f => f.ToString() == name);
        var verdict = Judge(fixture, out var why);
        output.WriteLine($"{name}: {verdict} ({why})");
        Assert.True(verdict != Verdict.Wrong, $"{name} was read without error but wrong: {why}");
    }

    [Fact]
    public void At_least_nine_in_ten_exports_are_read_exactly()
    {
        Assert.NotEmpty(All.Value);
        var verdicts = All.Value.Select(f => Judge(f, out _)).ToList();
        var exact = verdicts.Count(v => v == Verdict.Exact);
        output.WriteLine($"{All.Value.Count} exports: {exact} exact, {verdicts.Count(v => v == Verdict.Refused)} refused, {verdicts.Count(v => v == Verdict.Wrong)} wrong");
        Assert.Equal(0, verdicts.Count(v => v == Verdict.Wrong));
        Assert.True(exact * 10 >= All.Value.Count * 9, $"{exact} of {All.Value.Count} exact");
    }

    [Fact]
    public void The_judge_calls_a_changed_time_or_a_missing_message_wrong()
    {
        var fixture = All.Value.First(f => f.Messages.Count > 1);
        var shifted = fixture with { Messages = [fixture.Messages[0] with { Sent = DateTime.Parse(fixture.Messages[0].Sent, CultureInfo.InvariantCulture).AddHours(1).ToString("s", CultureInfo.InvariantCulture) }, .. fixture.Messages.Skip(1)] };
        Assert.Equal(Verdict.Wrong, Judge(shifted, out _));
        Assert.Equal(Verdict.Wrong, Judge(fixture with { Messages = fixture.Messages.Skip(1).ToList() }, out _));
        Assert.Equal(Verdict.Wrong, Judge(fixture with { Format = "whatsapp-ios-other" }, out _));
        // A file we read is wrong where its project expects a rejection; one we refuse is then right.
        Assert.Equal(Verdict.Wrong, Judge(fixture with { ExpectRefusal = true }, out _));
        var rejected = All.Value.First(f => f.ExpectRefusal);
        Assert.Equal(Verdict.Exact, Judge(rejected, out _));
        Assert.Equal(Verdict.Refused, Judge(rejected with { ExpectRefusal = false }, out _));
    }
}
