using System.Globalization;
using System.Text;

namespace ChatArchive.Bench.Ingestion;

/// <summary>
/// Writes a deterministic Android, Dutch-UI WhatsApp export of a busy group chat (made-up names and
/// content): multi-line messages, attachments with and without media, captions, tombstones, edits,
/// identical "Ok" messages in one minute, system notices. The same seed and a larger count give the
/// same first messages followed by new ones, which is how a later read-out of the same chat looks.
/// About 115 bytes per message, so 1,000,000 messages are about 115 MB.
/// </summary>
public static class ExportGenerator
{
    private static readonly string[] FirstNames =
        ["Sanne", "Daan", "Eva", "Lotte", "Mark", "Pieter", "Fleur", "Ahmed", "Joost", "Anouk", "Bram", "Fatima", "Jeroen", "Noor", "Ruben", "Iris", "Thijs", "Yara", "Koen", "Lieke"];

    private static readonly string[] LastNames =
        ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Mulder", "Hoekstra", "El Amrani", "van Dijk", "de Boer", "Peters", "Yilmaz", "Dekker", "Bos", "Vos"];

    private static readonly string[] Openings =
        ["Goedemorgen allemaal,", "Even een update:", "Klein punt nog:", "Dank voor het overleg.", "Ter info:", "Vraag van de minister:", "Afstemming nodig:", "Kort bericht:"];

    private static readonly string[] Bodies =
    [
        "de Kamerbrief over de woningbouwopgave gaat vrijdag naar de ministerraad",
        "de beslisnota stikstof ligt bij de DG voor paraaf",
        "het Woo-verzoek over de coronamaatregelen is binnen de termijn afgehandeld",
        "de gedeputeerde belt om 14.00 uur over de provinciale aanpak",
        "graag uiterlijk morgen de reactie op de motie-Van der Berg",
        "het debat is verplaatst naar dinsdagavond na de stemmingen",
        "de persvoorlichter stemt de woordvoeringslijn af met AZ",
        "de begrotingsbehandeling vraagt nog een doorrekening van het CPB",
        "de werkbezoeken in Groningen staan in de agenda van volgende week",
        "het concept-antwoord op de Kamervragen staat in de gedeelde map",
    ];

    private static readonly string[] Closings = ["Groet, het team.", "Laat maar weten.", "Dank!", "Akkoord?", "Volgt later meer.", ""];

    public static void Write(string path, int messages, int seed)
    {
        var random = new Random(seed);
        var senders = new List<string>();
        foreach (var f in FirstNames)
        {
            senders.Add(f + " " + LastNames[senders.Count % LastNames.Length]);
        }
        senders.Add("Minister Bakker");
        senders.Add("+31 6 1234 5678");

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var w = new StreamWriter(file, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        var t = new DateTime(2021, 1, 4, 8, 0, 0);
        w.WriteLine(Header(t) + "Berichten en oproepen worden end-to-end versleuteld. Niemand buiten deze chat kan ze lezen of beluisteren, zelfs WhatsApp niet. Tik voor meer informatie.");
        var mediaCounter = 0;
        for (var i = 0; i < messages; i++)
        {
            // Office hours, with gaps of zero to three minutes: several messages share a minute.
            t = t.AddMinutes(random.Next(0, 4));
            if (t.Hour >= 20) t = t.Date.AddDays(1).AddHours(8);
            var sender = senders[random.Next(senders.Count)];
            var roll = random.Next(1000);
            var h = Header(t) + sender + ": ";
            if (roll < 40)
            {
                w.WriteLine(h + "Ok");
            }
            else if (roll < 70)
            {
                mediaCounter++;
                w.WriteLine(h + "\u200EIMG-" + t.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-WA" + (mediaCounter % 10000).ToString("0000", CultureInfo.InvariantCulture) + ".jpg (bestand bijgevoegd)");
                w.WriteLine("Foto van " + Bodies[random.Next(Bodies.Length)]);
            }
            else if (roll < 100)
            {
                w.WriteLine(h + "<Media weggelaten>");
            }
            else if (roll < 105)
            {
                w.WriteLine(h + "Dit bericht is verwijderd");
            }
            else if (roll < 115)
            {
                w.WriteLine(h + Openings[random.Next(Openings.Length)] + " " + Bodies[random.Next(Bodies.Length)] + " <Dit bericht is bewerkt>");
            }
            else if (roll < 175)
            {
                w.WriteLine(h + "Agenda voor " + t.AddDays(1).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture) + ":");
                w.WriteLine("09:30 " + Bodies[random.Next(Bodies.Length)]);
                w.WriteLine("11:00 overleg met de provincie");
            }
            else if (roll < 177)
            {
                w.WriteLine(Header(t) + senders[random.Next(senders.Count)] + " heeft " + senders[random.Next(senders.Count)] + " toegevoegd");
                i--; // a notice is not a message: the count stays exact
            }
            else
            {
                w.WriteLine(h + Openings[random.Next(Openings.Length)] + " " + Bodies[random.Next(Bodies.Length)] + ". " + Closings[random.Next(Closings.Length)]);
            }
        }
    }

    private static string Header(DateTime t) => t.ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture) + " - ";
}
