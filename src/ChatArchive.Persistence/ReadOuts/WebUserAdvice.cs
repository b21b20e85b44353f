namespace ChatArchive.Persistence.ReadOuts;

/// <summary>
/// The export readers also serve the command line, whose options ("geef het formaat op met --format", "--date-order")
/// a user of the web app or the API cannot give. Their refusals and finding details are shown to those users with
/// that advice replaced by what they can do there: make the export again on the phone and upload it with its channel.
/// </summary>
public static class WebUserAdvice
{
    private const string ExportAgain = "Maak de export opnieuw op de telefoon, precies zoals de app hem maakt (zip of tekstbestand, niet uitgepakt of bewerkt), en upload die met het kanaal van de app.";

    public static string For(string text) => text
        .Replace(" of geef --date-order op.", ".", StringComparison.Ordinal)
        .Replace(", of geef de datumvolgorde op met --date-order.", ".", StringComparison.Ordinal)
        .Replace(", of geef het formaat op met --format.", ". " + ExportAgain, StringComparison.Ordinal)
        .Replace(" Of geef het formaat op met --format.", " " + ExportAgain, StringComparison.Ordinal);
}
