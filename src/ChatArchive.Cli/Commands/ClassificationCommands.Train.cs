using System.CommandLine;
using System.Globalization;
using ChatArchive.Classification;
using ChatArchive.Classification.Evaluation;
using ChatArchive.Classification.Statistics;
using ChatArchive.Classification.Suggestions;

namespace ChatArchive.Cli;

/// <summary>
/// <c>chatarchive train-classifier</c>: trains the statistical stage on labeled sets and writes the model
/// file (shipped as data in the Classification project), and/or reports what it gains on held-out styles
/// and held-out conversations. Prints counts only, never message text.
/// </summary>
public static partial class ClassificationCommands
{
    private static Command Train()
    {
        var sets = new Option<string[]>("--set") { Description = "Gelabelde set (JSONL) of map met sets; herhaalbaar. Elke bestandsnaam is een stijl (X.jsonl met X.contacts.json of contacts.json ernaast)", Required = true };
        var output = new Option<string?>("--out") { Description = "Schrijf het getrainde model naar dit bestand (bijvoorbeeld src/ChatArchive.Classification/Statistics/Data/text-model.bin)" };
        var crossValidate = new Option<bool>("--cross-validate") { Description = "Meet wat het model toevoegt: train op alle stijlen op één na en test op die ene, en idem per deel van de gesprekken" };
        var thresholds = new Option<string?>("--thresholds") { Description = "Drempels voor de kans op privé/partijpolitiek bij kruisvalidatie, bijvoorbeeld 0.8,0.9,0.95 (standaard de ingebouwde drempel)" };
        var businessWeight = new Option<double>("--business-weight") { Description = "Gewicht van een fout op een zakelijk bericht bij het trainen (standaard 3: zakelijk als privé voorstellen is de gevaarlijke fout)", DefaultValueFactory = _ => 3.0 };
        var leaning = new Option<bool>("--leaning") { Description = "Laat het model ook meetellen voor waar een gesprek vooral over gaat (standaard uit)" };
        var command = new Command("train-classifier", "Traint het statistische model van de classificatie op gelabelde sets en meet wat het toevoegt op niet-geziene stijlen")
        {
            sets, output, crossValidate, thresholds, businessWeight, leaning,
        };
        command.SetAction(parse => Guard(() => RunTrain(parse.GetValue(sets)!, parse.GetValue(output), parse.GetValue(crossValidate), parse.GetValue(thresholds),
            new TextModelTrainer.Options(BusinessWeight: parse.GetValue(businessWeight)), parse.GetValue(leaning))));
        return command;
    }

    private static int RunTrain(string[] paths, string? output, bool crossValidate, string? thresholdText, TextModelTrainer.Options options, bool inLeaning)
    {
        if (output is null && !crossValidate)
        {
            throw new ClassificationInputException("Geef --out (model schrijven), --cross-validate (meten) of beide.");
        }
        var thresholds = ParseThresholds(thresholdText);
        var readOuts = LoadReadOuts(paths);
        var classifier = MessageClassifier.Create().WithModel(null, inLeaning: inLeaning);
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{readOuts.Count} read-outs, {readOuts.Sum(r => r.Messages.Count)} messages, styles: {string.Join(", ", readOuts.Select(r => r.Style).Distinct())}");
        if (crossValidate)
        {
            Report("held-out style (train on every other style)", CrossValidation.ByStyle(classifier, readOuts, thresholds, options), thresholds);
            Report("held-out conversations (5 folds by conversation id)", CrossValidation.ByConversation(classifier, readOuts, thresholds, options: options), thresholds);
        }
        if (output is not null)
        {
            var description = $"business weight {options.BusinessWeight.ToString(c)}, trained {DateTime.UtcNow:yyyy-MM-dd} on {readOuts.Sum(r => r.Messages.Count)} messages: " +
                string.Join(", ", readOuts.Select(r => $"{r.Name} ({r.Messages.Count})"));
            var model = TextModelTrainer.Train(CrossValidation.Samples(readOuts), description, options);
            var directory = Path.GetDirectoryName(Path.GetFullPath(output));
            if (directory is not null) Directory.CreateDirectory(directory);
            // Written beside and moved into place: a crash never leaves half a model file.
            var temporary = output + ".tmp";
            using (var stream = File.Create(temporary)) model.Write(stream);
            File.Move(temporary, output, overwrite: true);
            Console.WriteLine($"model written: {output} ({new FileInfo(output).Length.ToString("N0", c)} bytes); {description}");
        }
        return 0;
    }

    private static void Report(string title, IReadOnlyList<CrossValidation.Fold> folds, IReadOnlyList<double> thresholds)
    {
        var c = CultureInfo.InvariantCulture;
        string Line(EvaluationResult r) =>
            $"business→private/party {(r.BusinessSuggestedAsNonBusiness * 100).ToString("0.0", c)} % ({r.Confusion[0, 1] + r.Confusion[0, 2]}), " +
            $"private+party recall {(r.NonBusinessRecall * 100).ToString("0.0", c)} %, wrong labels {r.Messages - r.Confusion[0, 0] - r.Confusion[1, 1] - r.Confusion[2, 2]}, review effort {r.ReviewDecisions}";
        Console.WriteLine($"== {title}");
        var rules = new EvaluationResult();
        var model = thresholds.Select(_ => new EvaluationResult()).ToList();
        foreach (var fold in folds)
        {
            Console.WriteLine($"{fold.HeldOut} ({fold.RulesOnly.Messages} messages)");
            Console.WriteLine($"  rules only:        {Line(fold.RulesOnly)}");
            for (var t = 0; t < thresholds.Count; t++)
            {
                Console.WriteLine($"  with model ≥ {thresholds[t].ToString("0.00", c)}: {Line(fold.WithModel[t])}");
                model[t].Add(fold.WithModel[t]);
            }
            rules.Add(fold.RulesOnly);
        }
        Console.WriteLine($"all folds ({rules.Messages} messages)");
        Console.WriteLine($"  rules only:        {Line(rules)}");
        for (var t = 0; t < thresholds.Count; t++) Console.WriteLine($"  with model ≥ {thresholds[t].ToString("0.00", c)}: {Line(model[t])}");
    }

    private static List<double> ParseThresholds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [MessageClassifier.DefaultModelThreshold];
        var result = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || t <= 0 || t >= 1)
            {
                throw new ClassificationInputException($"--thresholds: '{part}' is geen kans tussen 0 en 1 (gebruik een punt, bijvoorbeeld 0.7).");
            }
            result.Add(t);
        }
        return result;
    }

    /// <summary>Every X.jsonl given or inside a given folder is one read-out of style X.</summary>
    private static List<LabeledReadOut> LoadReadOuts(string[] paths)
    {
        var result = new List<LabeledReadOut>();
        foreach (var path in paths)
        {
            var files = Directory.Exists(path)
                ? Directory.GetFiles(path, "*.jsonl").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList()
                : File.Exists(path) ? [path] : throw new ClassificationInputException($"Het bestand of de map bij --set bestaat niet: '{path}'. Controleer het pad.");
            foreach (var file in files)
            {
                var beside = Path.ChangeExtension(file, null) + ".contacts.json";
                var shared = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "contacts.json");
                var contacts = LoadContacts(File.Exists(beside) ? beside : File.Exists(shared) ? shared : null);
                var style = Path.GetFileNameWithoutExtension(file);
                result.Add(new LabeledReadOut($"{Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file)))}/{Path.GetFileName(file)}", style, EvaluationSet.Load(file), contacts));
            }
        }
        if (result.Count == 0) throw new ClassificationInputException("Geen gelabelde sets (*.jsonl) gevonden bij --set.");
        return result;
    }
}
