using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Text;

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>
/// Why a file that is named like a WhatsApp export was not recognised: the line and what was expected, instead of a
/// generic "format not recognised" (issue 16). Names line numbers and the kind of problem, never the line's text.
/// </summary>
public static class WhatsAppDiagnosis
{
    private const string Expected =
        "Verwacht: een regel als '31-12-2023 14:07 - Naam: tekst' (Android) of '[31-12-2023 14:07:00] Naam: tekst' (iPhone).";

    /// <summary>A Dutch explanation naming the first line that is not a header, or null when the export is not named like WhatsApp.</summary>
    public static string? Explain(IExportSource source)
    {
        string? entry;
        try
        {
            entry = WhatsAppChatFile.Find(source);
        }
        catch (ExportFormatException)
        {
            return null;
        }
        if (entry is null) return null;
        var name = entry[(entry.LastIndexOf('/') + 1)..];
        if (name != "_chat.txt" && !name.StartsWith("WhatsApp", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            using var reader = new BoundedLineReader(source.Open(entry), entry, 1 << 16);
            while (reader.LineNumber < 60 && reader.ReadLine() is { } line)
            {
                if (line.Trim().Length == 0 || WhatsAppTextReader.IsOnlyMarks(line)) continue;
                if (WhatsAppHeaderParser.TryParse(line, out _)) return null; // recognised after all: not this explanation's case
                var n = reader.LineNumber;
                if (line.Any(c => c is >= '\u0660' and <= '\u0669' or >= '\u06F0' and <= '\u06F9'))
                {
                    return $"Regel {n} van '{entry}' schrijft de datum en tijd met Arabisch-Indische cijfers (telefoon ingesteld op Arabisch of Perzisch). " +
                           "Dat formaat wordt nog niet ingelezen; exporteer de chat opnieuw met de telefoon op Nederlands of Engels. " + Expected;
                }
                var first = line.TrimStart('\u200E', '\u200F', '\uFEFF', '[');
                return first.Length > 0 && char.IsDigit(first[0])
                    ? $"Regel {n} van '{entry}' begint met een datum of tijd in een vorm die WhatsApp niet schrijft of die nog niet bekend is. {Expected}"
                    : $"Regel {n} van '{entry}' begint niet met een datum en tijd. {Expected}";
            }
        }
        catch (ExportFormatException e)
        {
            return e.Message;
        }
        return null;
    }
}
