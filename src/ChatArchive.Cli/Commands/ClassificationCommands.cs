using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatArchive.Classification;
using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Evaluation;
using ChatArchive.Classification.Learning;
using ChatArchive.Classification.Lexicons;
using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Cli;

/// <summary>
/// <c>chatarchive classify</c> (issue 4 §6, a stable machine interface) and <c>chatarchive eval-classifier</c> (§7).
/// Input errors are Dutch, go to stderr with exit code 2, and nothing is printed on stdout before
/// the whole input has been checked. Message text is never printed or logged.
/// </summary>
public static partial class ClassificationCommands
{
    public const int InputError = 2;

    public static IEnumerable<Command> Create()
    {
        yield return Classify();
        yield return Evaluate();
        yield return Train();
    }

    private static Command Classify()
    {
        var input = new Option<string>("--input") { Description = "Berichten als JSONL: per regel {\"id\",\"conversation\",\"sender\",\"text\",\"replyTo\"}", Required = true };
        var contacts = new Option<string?>("--contacts") { Description = "JSON-bestand dat een afzender koppelt aan \"private\" of \"party-political\"" };
        var lexicons = new Option<string?>("--lexicons") { Description = "Map met extra woordenlijsten (*.json) van het departement" };
        var json = new Option<bool>("--json") { Description = "Eén JSON-resultaat per regel (machine-interface)" };
        var decisions = new Option<string?>("--decisions") { Description = "Eerdere beoordelingen van deze bewindspersoon als JSONL: per regel {\"conversation\",\"sender\",\"label\",\"fingerprint\"}; de voorstellen leren ervan" };
        var officeholder = new Option<string?>("--officeholder-name") { Description = "Naam of nummer waarmee de bewindspersoon zelf als afzender in de export staat" };
        var command = new Command("classify", "Stelt per bericht een label voor (zakelijk, privé, partijpolitiek) met redenen; een mens beslist")
        {
            input, contacts, lexicons, json, decisions, officeholder,
        };
        command.SetAction(parse => Guard(() => RunClassify(parse.GetValue(input)!, parse.GetValue(contacts), parse.GetValue(lexicons), parse.GetValue(json),
            parse.GetValue(decisions), parse.GetValue(officeholder))));
        return command;
    }

    private static Command Evaluate()
    {
        var set = new Option<string>("--set") { Description = "Gelabelde evaluatieset (JSONL), bijvoorbeeld eval/classification/set.jsonl, of een map met sets (elk X.jsonl één uitlezing met X.contacts.json)", Required = true };
        var contacts = new Option<string?>("--contacts") { Description = "Contactenbestand; standaard contacts.json naast de set" };
        var lexicons = new Option<string?>("--lexicons") { Description = "Map met extra woordenlijsten (*.json) van het departement" };
        var sample = new Option<int>("--sample") { Description = "Alleen ongeveer N berichten (hele gesprekken), voor een snelle controle" };
        var command = new Command("eval-classifier", "Meet de voorstellen tegen een gelabelde set: precisie, recall, verwarringsmatrix, BSN")
        {
            set, contacts, lexicons, sample,
        };
        command.SetAction(parse => Guard(() => RunEvaluate(parse.GetValue(set)!, parse.GetValue(contacts), parse.GetValue(lexicons), parse.GetValue(sample))));
        return command;
    }

    private static int RunClassify(string input, string? contactsPath, string? lexiconFolder, bool json, string? decisionsPath, string? officeholder)
    {
        RequireFile(input, "--input");
        var registry = LoadContacts(contactsPath);
        var history = LoadDecisions(decisionsPath, officeholder);
        var classifier = MessageClassifier.Create(lexiconFolder);

        // Check every line before anything is printed; the full pipeline needs whole conversations
        // (what a conversation is mostly about, the next message), so the read-out is held in memory.
        var messages = CheckedMessages(input).ToList();
        var participants = ConversationParticipants.FromMessages(messages);
        var run = classifier.StartRun(registry, DepartmentPolicy.Default, participants, history, officeholder: officeholder);
        var suggestions = run.ClassifyAll(messages);

        using var stdout = Console.OpenStandardOutput();
        using var buffered = new BufferedStream(stdout, 1 << 16);
        using var writer = new Utf8JsonWriter(buffered, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var newline = "\n"u8.ToArray();
        foreach (var s in suggestions)
        {
            if (json)
            {
                WriteJson(writer, s);
                writer.Flush();
                writer.Reset();
            }
            else
            {
                buffered.Write(Encoding.UTF8.GetBytes(TextLine(s)));
            }
            buffered.Write(newline);
        }
        return 0;
    }

    /// <summary>Reads <c>--decisions</c>: one earlier decision per line; a bad line refuses the whole file, in Dutch.</summary>
    private static ReviewerHistory? LoadDecisions(string? path, string? officeholder)
    {
        if (path is null) return null;
        RequireFile(path, "--decisions");
        var list = new List<PriorDecision>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                string? Text(string name) => r.ValueKind == JsonValueKind.Object && r.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                var conversation = Text("conversation");
                var sender = Text("sender");
                if (string.IsNullOrWhiteSpace(conversation) || string.IsNullOrWhiteSpace(sender))
                {
                    throw new ClassificationInputException($"Beoordelingenbestand, regel {lineNumber}: \"conversation\" en \"sender\" zijn verplicht (niet-lege tekst).");
                }
                if (!MessageLabels.TryParse(Text("label"), out var label))
                {
                    throw new ClassificationInputException($"Beoordelingenbestand, regel {lineNumber}: \"label\" moet business, private of party-political zijn.");
                }
                list.Add(new PriorDecision(conversation, sender, label, Text("fingerprint")));
            }
            catch (JsonException)
            {
                throw new ClassificationInputException($"Beoordelingenbestand, regel {lineNumber} is geen geldige JSON. Herstel de regel en probeer opnieuw.");
            }
        }
        return new ReviewerHistory(list, officeholder);
    }

    /// <summary>Parses and checks every line (Dutch error on the first bad one); message ids must be unique.</summary>
    private static IEnumerable<MessageToClassify> CheckedMessages(string input)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(input))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var m = MessageLine.Parse(line, lineNumber);
            if (!ids.Add(m.Id))
            {
                throw new ClassificationInputException($"Regel {lineNumber}: bericht-id '{m.Id}' komt al eerder voor. Elke id moet uniek zijn.");
            }
            yield return m;
        }
    }

    private static void WriteJson(Utf8JsonWriter w, Suggestion s)
    {
        w.WriteStartObject();
        w.WriteString("id", s.MessageId);
        w.WriteString("label", MessageLabels.ToWire(s.Label));
        w.WriteBoolean("specialCategoryData", s.SpecialCategoryData);
        w.WriteStartArray("categories");
        foreach (var c in s.Categories) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteNumber("confidence", s.Confidence);
        w.WriteStartArray("reasons");
        foreach (var r in s.Reasons) w.WriteStringValue(r);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>For people: id, Dutch label, confidence, categories and reasons, tab-separated.</summary>
    private static string TextLine(Suggestion s)
    {
        var categories = s.Categories.Count == 0 ? "" : $" [{string.Join(", ", s.Categories)}]";
        return $"{s.MessageId}\t{MessageLabels.Dutch(s.Label)}\t{s.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}{categories}\t{string.Join("; ", s.Reasons)}";
    }

    private static int RunEvaluate(string setPath, string? contactsPath, string? lexiconFolder, int sample)
    {
        if (Directory.Exists(setPath)) return RunEvaluateFolder(setPath, lexiconFolder, sample);
        RequireFile(setPath, "--set");
        contactsPath ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(setPath))!, "contacts.json") is var beside && File.Exists(beside) ? beside : null;
        var registry = LoadContacts(contactsPath);
        var classifier = MessageClassifier.Create(lexiconFolder);
        var set = EvaluationSet.Load(setPath);
        var chosen = EvaluationSet.Sample(set, sample);
        var result = ClassifierEvaluation.Run(classifier, chosen, registry);
        Console.WriteLine($"set: {Path.GetFileName(setPath)} ({set.Count} messages{(chosen.Count < set.Count ? $", sample of {chosen.Count}" : "")}), contacts: {registry.Count}, lexicons: {classifier.Lexicons.Describe()}");
        Console.Write(result.Format());
        return 0;
    }

    /// <summary>
    /// A folder of sets: each <c>X.jsonl</c> is one officeholder's read-out with its contacts in
    /// <c>X.contacts.json</c>; the counts are summed.
    /// </summary>
    private static int RunEvaluateFolder(string folder, string? lexiconFolder, int sample)
    {
        var files = Directory.GetFiles(folder, "*.jsonl").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new ClassificationInputException($"De map bij --set bevat geen evaluatiesets (*.jsonl): '{folder}'.");
        }
        var classifier = MessageClassifier.Create(lexiconFolder);
        var total = new EvaluationResult();
        var c = CultureInfo.InvariantCulture;
        foreach (var file in files)
        {
            var beside = Path.ChangeExtension(file, null) + ".contacts.json";
            var registry = LoadContacts(File.Exists(beside) ? beside : null);
            var set = EvaluationSet.Load(file);
            var chosen = EvaluationSet.Sample(set, sample);
            var result = ClassifierEvaluation.Run(classifier, chosen, registry);
            Console.WriteLine($"{Path.GetFileName(file)}: {chosen.Count} messages, business as private/party {(result.BusinessSuggestedAsNonBusiness * 100).ToString("0.0", c)} %, " +
                $"private+party recall {(result.NonBusinessRecall * 100).ToString("0.0", c)} %, special recall {(result.SpecialRecall * 100).ToString("0.0", c)} % precision {(result.SpecialPrecision * 100).ToString("0.0", c)} %");
            total.Add(result);
        }
        Console.WriteLine($"set: {folder} ({files.Count} read-outs, summed), lexicons: {classifier.Lexicons.Describe()}");
        Console.Write(total.Format());
        return 0;
    }

    private static ContactRegistry LoadContacts(string? path)
    {
        if (path is null) return ContactRegistry.Empty;
        RequireFile(path, "--contacts");
        using var stream = File.OpenRead(path);
        return ContactRegistry.Parse(stream, Path.GetFileName(path));
    }

    private static void RequireFile(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new ClassificationInputException($"Het bestand bij {option} bestaat niet: '{path}'. Controleer het pad.");
        }
    }

    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ClassificationInputException or LexiconException)
        {
            Console.Error.WriteLine($"Fout: {e.Message}");
            return InputError;
        }
    }
}
