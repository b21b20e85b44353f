using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Detection;

/// <summary>
/// Picks the reader for an export (issue 3 §1: automatic detection with an explicit override).
/// Every reader rates the source from a small prefix; the highest rating of at least
/// <see cref="MinimumConfidence"/> wins. An unknown or unsupported format is a Dutch error that
/// names the file and says what to do.
/// </summary>
public sealed class FormatDetector
{
    public const double MinimumConfidence = 0.5;

    // Made when first needed: for the default detector that is inside Detect, after a WhatsApp warm-up has started, so
    // the registry's reflection over the module runs beside it instead of before it (issue 16, parse speed).
    private readonly Lazy<IReadOnlyList<IExportReader>> _readers;

    public FormatDetector(IEnumerable<IExportReader> readers)
    {
        IReadOnlyList<IExportReader> list = readers.ToList();
        _readers = new Lazy<IReadOnlyList<IExportReader>>(list);
    }

    private FormatDetector(Func<IReadOnlyList<IExportReader>> readers) => _readers = new Lazy<IReadOnlyList<IExportReader>>(readers);

    /// <summary>A detector over every reader in the ingestion module (the readers are made on first use).</summary>
    public static FormatDetector Default() => new(ReaderRegistry.CreateAll);

    public IReadOnlyList<string> SupportedFormats => _readers.Value.Select(r => r.Format).ToList();

    public IExportReader Detect(IExportSource source, string? format = null)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            var wanted = format.Trim().ToLowerInvariant();
            if (!ExportFormats.All.Contains(wanted))
            {
                throw new ExportFormatException(
                    $"Onbekend formaat '{format}'. Kies een van: {string.Join(", ", ExportFormats.All)}.", source.DisplayName);
            }
            return _readers.Value.FirstOrDefault(r => r.Format == wanted)
                   ?? throw new ExportFormatException(
                       $"Formaat '{wanted}' wordt in deze versie nog niet ingelezen. Ondersteund: {string.Join(", ", SupportedFormats)}.",
                       source.DisplayName);
        }

        // A WhatsApp chat file: its parse path is compiled on the idle second core while the readers rate the source.
        WhatsApp.WhatsAppWarmUp.StartFor(source);
        IExportReader? best = null;
        var bestScore = 0.0;
        foreach (var reader in _readers.Value)
        {
            double score;
            try
            {
                score = reader.Detect(source);
            }
            catch (ExportFormatException)
            {
                score = 0; // a reader that cannot even look at the source does not claim it
            }
            if (score > bestScore)
            {
                best = reader;
                bestScore = score;
            }
        }
        if (best is null || bestScore < MinimumConfidence)
        {
            // A file named like a WhatsApp export gets the line and what was expected (issue 16), not only "not recognised".
            if (WhatsApp.WhatsAppDiagnosis.Explain(source) is { } why)
            {
                throw new ExportFormatException(why + " Of geef het formaat op met --format.", source.DisplayName);
            }
            throw new ExportFormatException(
                $"Het formaat van '{source.DisplayName}' is niet herkend. Ondersteund: {string.Join(", ", SupportedFormats)}. " +
                "Controleer of dit de export is zoals de app die maakte, of geef het formaat op met --format.",
                source.DisplayName);
        }
        return best;
    }
}
