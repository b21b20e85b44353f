using System.Globalization;
using System.Text;

namespace ChatArchive.ReadOut.Bench;

/// <summary>
/// Deterministic WhatsApp (Android) exports, one chat per file, for one officeholder: <c>conversations</c> one-to-one chats
/// holding <c>messages</c> in total, the first chat holding <c>bigConversation</c> of them (the bulk-decision target).
/// Made-up Dutch names and sentences; the same seed gives the same bytes.
/// </summary>
public static class Generator
{
    public const string Officeholder = "Minister Bakker";

    private static readonly string[] FirstNames = ["Sanne", "Daan", "Emma", "Lucas", "Julia", "Sem", "Tess", "Milan", "Fleur", "Thijs", "Lotte", "Ruben", "Anouk", "Bram", "Iris", "Jesse", "Noor", "Stijn", "Eva", "Koen"];
    private static readonly string[] LastNames = ["de Vries", "Jansen", "van Dijk", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker"];

    private static readonly string[] Business =
    [
        "De beslisnota over de woningbouwopgave staat klaar in de parafeerlijn.",
        "Kunt u om 14.00 uur bellen met de gedeputeerde over de stikstofruimte?",
        "Graag de Kamerbrief vóór vrijdag terug met uw opmerkingen.",
        "Het overleg met de VNG is verplaatst naar donderdagochtend.",
        "De Kamervragen over de huurtoeslag moeten binnen drie weken beantwoord.",
        "Ik stuur u de conceptbegroting van de directie vanmiddag toe.",
        "De staatssecretaris wil het dossier vóór de ministerraad bespreken.",
        "Persvoorlichting vraagt of u morgen een reactie geeft op het rapport.",
        "Het werkbezoek aan Groningen staat op dinsdag om 10.30 uur.",
        "De ambtelijke voorbereiding van het debat is klaar, zie de map.",
    ];

    private static readonly string[] Private =
    [
        "Gefeliciteerd met je verjaardag! Fijne dag met de kinderen.",
        "Zullen we zondag bij oma eten? Neem de taart mee.",
        "De hond moet morgen naar de dierenarts, kun jij hem brengen?",
        "Leuk weekend gehad? De kinderen vonden de dierentuin geweldig.",
        "Vergeet je niet de boodschappen voor het verjaardagsfeest?",
    ];

    private static readonly string[] Short = ["Prima.", "Dank je.", "Komt goed.", "Ok, tot straks.", "Top!", "Ja, graag."];

    public sealed record Chat(string Contact, bool PrivateChat, int Messages, string FileName, byte[] Bytes);

    public static List<Chat> Generate(int messages, int conversations, int bigConversation, int seed)
    {
        var rnd = new Random(seed);
        var chats = new List<Chat>(conversations);
        var rest = messages - bigConversation;
        var others = conversations - 1;
        var start = new DateTime(2024, 1, 2, 7, 0, 0);
        for (var c = 0; c < conversations; c++)
        {
            var count = c == 0 ? bigConversation : rest / others + (c - 1 < rest % others ? 1 : 0);
            // One chat in ten is a family chat: private sentences (the bulk of the removals).
            var privateChat = c % 10 == 5;
            var contact = $"{FirstNames[c % FirstNames.Length]} {LastNames[c / FirstNames.Length % LastNames.Length]} {c:000}";
            var sb = new StringBuilder(count * 90);
            var t = start.AddMinutes(rnd.Next(0, 600));
            for (var i = 0; i < count; i++)
            {
                t = t.AddMinutes(rnd.Next(1, 4));
                var fromOfficeholder = rnd.Next(3) == 0;
                var sender = fromOfficeholder ? Officeholder : contact;
                string text = rnd.Next(6) == 0 ? Short[rnd.Next(Short.Length)]
                    : privateChat ? Private[rnd.Next(Private.Length)]
                    : Business[rnd.Next(Business.Length)];
                // A running number keeps every line distinct (no two messages alike in sender, minute and text).
                sb.Append(t.ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture)).Append(" - ").Append(sender).Append(": ").Append(text)
                  .Append(" #").Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
            chats.Add(new Chat(contact, privateChat, count, $"WhatsApp-chat met {contact}.txt", Encoding.UTF8.GetBytes(sb.ToString())));
        }
        return chats;
    }
}
