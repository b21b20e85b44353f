using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Detection;

/// <summary>
/// Picks the reader for an export (issue 3 §1: automatic detection with an explicit override).
/// Every reader rates the source from a small prefix; the highest rating of at least
/// <see cref="MinimumConfidence"/> wins. An unknown or unsupported format is a Dutch error that
/// names the file and says what to do.
/// </summary>
public sealed class FormatDetector(IEnumerable<IExportReader> readers)
{
    public const double MinimumConfidence = 0.5;

    private readonly IReadOnlyList<IExportReader> _readers = readers.ToList();

    /// <summary>A detector over every reader in the ingestion module.</summary>
    public static FormatDetector Default() => new(ReaderRegistry.CreateAll());

    public IReadOnlyList<string> SupportedFormats => _readers.Select(r => r.Format).ToList();

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
            return _readers.FirstOrDefault(r => r.Format == wanted)
                   ?? throw new ExportFormatException(
                       $"Formaat '{wanted}' wordt in deze versie nog niet ingelezen. Ondersteund: {string.Join(", ", SupportedFormats)}.",
                       source.DisplayName);
        }

        // A WhatsApp chat file: its parse path is compiled on the idle second core while the readers rate the source.
        WhatsApp.WhatsAppWarmUp.StartFor(source);
        IExportReader? best = null;
        var bestScore = 0.0;
        foreach (var reader in _readers)
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
