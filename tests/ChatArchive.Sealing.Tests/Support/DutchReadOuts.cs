using System.Security.Cryptography;
using System.Text;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Sealing.Input;

namespace ChatArchive.Sealing.Tests.Support;

/// <summary>Realistic, made-up Dutch read-outs of a minister's business WhatsApp.</summary>
public static class DutchReadOuts
{
    public static readonly OfficeholderInfo Minister = new(
        "bh-0042", "Karin van Dijk", "Minister van Binnenlandse Zaken en Koninkrijksrelaties", "BZK", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties");

    public static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    public static byte[] NotaPdf { get; } = Encoding.ASCII.GetBytes("%PDF-1.7\n% Nota Voorjaarsnota 2027, versie 3 (concept)\n" + new string('x', 5000) + "\n%%EOF\n");
    public static byte[] FotoJpeg { get; } = [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("JFIF foto werkbezoek Zwolle"), 0xFF, 0xD9];

    /// <summary>A read-out of period <paramref name="from"/>..<paramref name="to"/> with two conversations, an attachment and two removed messages.</summary>
    public static ReadOutToSeal ReadOut(string id, DateOnly from, DateOnly to, CleaningMode cleaning = CleaningMode.Remove, bool decisionsComplete = true,
        string? vaultId = null, bool keepRaw = false)
    {
        var day = new DateTimeOffset(from.ToDateTime(new TimeOnly(9, 12)), Summer);
        var begroting = new CanonicalConversation(
            "Overleg begroting 2027", true, ["Karin van Dijk", "Pieter de Vries (DG Overheidsorganisatie)", "Fatima El Amrani (woordvoering)"],
            [
                new CanonicalMessage("Pieter de Vries (DG Overheidsorganisatie)", day.AddMinutes(3),
                    "De nota over de Voorjaarsnota ligt klaar, graag akkoord vóór 14:00 zodat hij mee kan met de MR-stukken.",
                    [new AttachmentRef("Nota Voorjaarsnota v3.pdf", "application/pdf", NotaPdf.Length, null, true)], SourceId: "m-2"),
                new CanonicalMessage("Karin van Dijk", day,
                    "Goedemorgen allen, ik wil vandaag de lijn voor het Kamerdebat over de gemeentefinanciën vastleggen.", [], SourceId: "m-1"),
                new CanonicalMessage("Karin van Dijk", day.AddMinutes(41),
                    "Akkoord met de nota, met de kanttekening over het accres.\nGraag nog één zin over de opschalingskorting toevoegen.", [], SourceId: "m-3"),
                new CanonicalMessage("Fatima El Amrani (woordvoering)", day.AddHours(2),
                    "Q&A voor de persconferentie staat in de map; foto van het werkbezoek hierbij.",
                    [new AttachmentRef("foto werkbezoek Zwolle.jpg", "image/jpeg", FotoJpeg.Length, Convert.ToHexStringLower(SHA256.HashData(FotoJpeg)), true),
                     new AttachmentRef("spraakbericht.opus", "audio/ogg", null, null, false)], SourceId: "m-4"),
            ],
            [new SystemEvent(SystemEventKind.DisappearingOff, day.AddMinutes(-5), "Karin van Dijk", "Karin van Dijk heeft tijdelijke berichten uitgezet.")]);
        var veiligheidsregio = new CanonicalConversation(
            "Joost Bakker (burgemeester)", false, ["Karin van Dijk", "Joost Bakker"],
            [
                new CanonicalMessage("Joost Bakker", day.AddDays(2), "Karin, de veiligheidsregio vraagt om een gesprek over de evacuatieplannen. Schikt donderdag?", [], SourceId: "j-1"),
                new CanonicalMessage("Karin van Dijk", day.AddDays(2).AddMinutes(7), "Donderdag 10:30 op het ministerie, mijn secretariaat stuurt een uitnodiging.", [], SourceId: "j-2"),
            ], []);
        return new ReadOutToSeal(id, Minister, Channels.WhatsApp, from, to, new DateTimeOffset(to.ToDateTime(new TimeOnly(16, 0)), Summer),
            cleaning, decisionsComplete,
            [new ConversationToSeal("wa-begroting-2027", begroting), new ConversationToSeal("wa-joost-bakker", veiligheidsregio)],
            cleaning == CleaningMode.None ? [] :
            [
                new DeletionEntry(Fingerprint("verjaardag"), MessageLabel.Private, day.AddDays(1), "ip-jansen", day.AddDays(20), "vp-bakker", day.AddDays(22)),
                new DeletionEntry(Fingerprint("partijcongres"), MessageLabel.PartyPolitical, day.AddDays(3), "ip-jansen", day.AddDays(20), "vp-bakker", day.AddDays(22)),
            ],
            new RawExportInfo(vaultId, keepRaw));
    }

    public static Dictionary<(string, string), byte[]> Attachments() => new()
    {
        [("wa-begroting-2027", "Nota Voorjaarsnota v3.pdf")] = NotaPdf,
        [("wa-begroting-2027", "foto werkbezoek Zwolle.jpg")] = FotoJpeg,
    };

    public static string Fingerprint(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("fp:" + seed)));
}
