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
        var byAuthor = new Option<bool>("--leave-one-author-out") { Description = "Meet per auteur: train op de sets van alle andere auteurs en test op die van de ene (een map bij --set is een auteur; dev/ en final/ horen bij hun bovenliggende map)" };
        var backThresholds = new Option<string?>("--business-thresholds") { Description = "Drempels voor de kans op zakelijk waarmee het model een bericht zonder eigen privé- of partij-inhoud terugzet naar zakelijk, bijvoorbeeld 0.7,0.8,1 (1: nooit; standaard de ingebouwde drempel)" };
        var veto = new Option<double?>("--veto") { Description = "Zakelijke woorden vanaf dit gewicht houden een bericht altijd zakelijk (standaard de ingebouwde waarde)" };
        var epochs = new Option<int>("--epochs") { Description = "Aantal trainingsrondes (standaard 20)", DefaultValueFactory = _ => 20 };
        var command = new Command("train-classifier", "Traint het statistische model van de classificatie op gelabelde sets en meet wat het toevoegt op niet-geziene stijlen en auteurs")
        {
            sets, output, crossValidate, thresholds, businessWeight, leaning, byAuthor, backThresholds, veto, epochs,
        };
        command.SetAction(parse => Guard(() => RunTrain(parse.GetValue(sets)!, parse.GetValue(output), parse.GetValue(crossValidate), parse.GetValue(byAuthor),
            Settings(parse.GetValue(thresholds), parse.GetValue(backThresholds)),
            new TextModelTrainer.Options(Epochs: parse.GetValue(epochs), BusinessWeight: parse.GetValue(businessWeight)), parse.GetValue(leaning), parse.GetValue(veto))));
        return command;
    }

    private static List<CrossValidation.Setting> Settings(string? away, string? back) =>
        (from a in ParseThresholds(away, MessageClassifier.DefaultModelThreshold, "--thresholds")
         from b in ParseThresholds(back, MessageClassifier.DefaultModelBusinessThreshold, "--business-thresholds", allowOne: true)
         select new CrossValidation.Setting(a, b)).ToList();

    private static int RunTrain(string[] paths, string? output, bool crossValidate, bool byAuthor, List<CrossValidation.Setting> thresholds,
        TextModelTrainer.Options options, bool inLeaning, double? veto)
    {
        if (output is null && !crossValidate && !byAuthor)
        {
            throw new ClassificationInputException("Geef --out (model schrijven), --cross-validate of --leave-one-author-out (meten), of een combinatie.");
        }
        var readOuts = LoadReadOuts(paths);
        // The lexicons only: the shipped model is not read (it may be of an older format; it is what this command replaces).
        var classifier = new MessageClassifier(ChatArchive.Classification.Lexicons.LexiconSet.Load(null)).WithModel(null, inLeaning: inLeaning, veto: veto);
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{readOuts.Count} read-outs, {readOuts.Sum(r => r.Messages.Count)} messages, authors: {string.Join(", ", readOuts.Select(r => r.AuthorOrStyle).Distinct())}");
        if (byAuthor)
        {
            Report("held-out author (train on every other author's sets)", CrossValidation.ByAuthor(classifier, readOuts, thresholds, options), thresholds);
        }
        if (crossValidate)
        {
            Report("held-out style (train on every other style)", CrossValidation.ByStyle(classifier, readOuts, thresholds, options), thresholds);
            Report("held-out conversations (5 folds by conversation id)", CrossValidation.ByConversation(classifier, readOuts, thresholds, options: options), thresholds);
        }
        if (output is not null)
        {
            var description = $"business weight {options.BusinessWeight.ToString(c)}, trained {DateTime.UtcNow:yyyy-MM-dd} on {readOuts.Sum(r => r.Messages.Count)} messages: " +
                string.Join(", ", readOuts.Select(r => $"{r.Name} ({r.Messages.Count})"));
            var model = TextModelTrainer.Train(readOuts, description, options);
            var directory = Path.GetDirectoryName(Path.GetFullPath(output));
            if (directory is not null) Directory.CreateDirectory(directory);
            WriteModel(output, model.Write);
            Console.WriteLine($"model written: {output} ({new FileInfo(output).Length.ToString("N0", c)} bytes); {description}");
            // The special-category model beside it, its thresholds chosen on every author held out once.
            var specialThresholds = CrossValidation.SpecialThresholdsByAuthor(classifier, readOuts);
            var special = SpecialCategoryModelTrainer.Train(readOuts, $"trained {DateTime.UtcNow:yyyy-MM-dd} on {readOuts.Sum(r => r.Messages.Count)} messages of " +
                $"{readOuts.Select(r => r.AuthorOrStyle).Distinct().Count()} authors; thresholds chosen by leave-one-author-out", specialThresholds);
            var specialPath = Path.Combine(Path.GetDirectoryName(output) ?? ".", "special-model.bin");
            WriteModel(specialPath, special.Write);
            Console.WriteLine($"special-category model written: {specialPath} ({new FileInfo(specialPath).Length.ToString("N0", c)} bytes); thresholds: {special.DescribeThresholds()}");
        }
        return 0;
    }

    /// <summary>Written beside and moved into place: a crash never leaves half a model file.</summary>
    private static void WriteModel(string path, Action<Stream> write)
    {
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary)) write(stream);
        File.Move(temporary, path, overwrite: true);
    }

    private static void Report(string title, IReadOnlyList<CrossValidation.Fold> folds, IReadOnlyList<CrossValidation.Setting> thresholds)
    {
        var c = CultureInfo.InvariantCulture;
        string Line(EvaluationResult r) =>
            $"business→private/party {(r.BusinessSuggestedAsNonBusiness * 100).ToString("0.0", c)} % ({r.Confusion[0, 1] + r.Confusion[0, 2]}), " +
            $"private+party recall {(r.NonBusinessRecall * 100).ToString("0.0", c)} %, wrong labels {r.Messages - r.Confusion[0, 0] - r.Confusion[1, 1] - r.Confusion[2, 2]}, " +
            $"special {(r.SpecialRecall * 100).ToString("0.0", c)} / {(r.SpecialPrecision * 100).ToString("0.0", c)} %, review effort {r.ReviewDecisions}";
        Console.WriteLine($"== {title}");
        var rules = new EvaluationResult();
        var model = thresholds.Select(_ => new EvaluationResult()).ToList();
        foreach (var fold in folds)
        {
            Console.WriteLine($"{fold.HeldOut} ({fold.RulesOnly.Messages} messages; special-category thresholds chosen on the other parts: " +
                $"{string.Join(", ", fold.SpecialThresholds.Select((t, k) => t > 1 ? "-" : t.ToString("0.00", c)))})");
            Console.WriteLine($"  rules only:        {Line(fold.RulesOnly)}");
            for (var t = 0; t < thresholds.Count; t++)
            {
                Console.WriteLine($"  with model {thresholds[t]}: {Line(fold.WithModel[t])}");
                model[t].Add(fold.WithModel[t]);
            }
            rules.Add(fold.RulesOnly);
        }
        Console.WriteLine($"all folds ({rules.Messages} messages)");
        Console.WriteLine($"  rules only:        {Line(rules)}");
        for (var t = 0; t < thresholds.Count; t++) Console.WriteLine($"  with model {thresholds[t]}: {Line(model[t])}");
    }

    private static List<double> ParseThresholds(string? text, double standard, string option, bool allowOne = false)
    {
        if (string.IsNullOrWhiteSpace(text)) return [standard];
        var result = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || t <= 0 || t > 1 || (t == 1 && !allowOne))
            {
                throw new ClassificationInputException($"{option}: '{part}' is geen kans tussen 0 en 1 (gebruik een punt, bijvoorbeeld 0.7).");
            }
            result.Add(t);
        }
        return result;
    }

    /// <summary>
    /// The author of a set: a folder given at --set is one author (its dev/ and final/ parts belong to the folder above them:
    /// independent/dev and independent/final were written by one author); a single file is its own author (set, holdout, holdout2).
    /// </summary>
    private static string AuthorOf(string argument, string file)
    {
        if (!Directory.Exists(argument)) return Path.GetFileNameWithoutExtension(file);
        var folder = new DirectoryInfo(Path.GetFullPath(argument));
        return folder.Name is "dev" or "final" && folder.Parent is { } parent ? parent.Name : folder.Name;
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
                result.Add(new LabeledReadOut($"{Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file)))}/{Path.GetFileName(file)}", style, EvaluationSet.Load(file), contacts,
                    AuthorOf(path, file)));
            }
        }
        if (result.Count == 0) throw new ClassificationInputException("Geen gelabelde sets (*.jsonl) gevonden bij --set.");
        return result;
    }
}
