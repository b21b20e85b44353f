namespace ChatArchive.Ingestion.Tests.WhatsApp;

/// <summary>
/// Made-up exports (realistic Dutch content, no real people) for each variant and pitfall of
/// FORMATS.md §1. Invisible characters are written as escapes so a reader of the test sees them:
/// \u200E LRM, \u202F narrow no-break space, \u00A0 no-break space, \uFEFF BOM.
/// </summary>
public static class WhatsAppFixtures
{
    /// <summary>Android, Dutch UI, 24h, dd-mm-yyyy without comma (FORMATS.md §1.2 first row), LF, final newline.</summary>
    public const string AndroidNl =
        "12-03-2023 09:15 - Berichten en oproepen worden end-to-end versleuteld. Niemand buiten deze chat kan ze lezen of beluisteren, zelfs WhatsApp niet. Tik voor meer informatie.\n" +
        "11-03-2023 16:02 - Sanne de Vries: Goedemiddag minister, de nota over de stikstofaanpak staat klaar.\n" +
        "11-03-2023 16:03 - Minister Bakker: Dank, ik lees hem vanavond.\n" +
        "Graag ook de bijlage met de cijfers per provincie.\n" +
        "11-03-2023 16:03 - Minister Bakker: Ok\n" +
        "11-03-2023 16:03 - Minister Bakker: Ok\n" +
        "11-03-2023 16:05 - Sanne de Vries: <Media weggelaten>\n" +
        "Kamerbrief stikstof v3.pdf\n" +
        "11-03-2023 16:06 - Sanne de Vries: \u200EPTT-20230311-WA0004.opus (bestand bijgevoegd)\n" +
        "13-03-2023 08:30 - Minister Bakker: Agenda:\n" +
        "15-06-2023 inleveren\n" +
        "10:30 overleg met de provincie\n" +
        "13-03-2023 08:31 - Sanne de Vries: Dit bericht is verwijderd\n" +
        "13-03-2023 08:32 - Minister Bakker: U hebt dit bericht verwijderd\n" +
        "13-03-2023 08:33 - Sanne de Vries: Ik zei: Dit bericht is verwijderd, toch?\n" +
        "13-03-2023 08:34 - Sanne de Vries: De planning is aangepast <Dit bericht is bewerkt>\n" +
        "13-03-2023 08:35 - Sanne de Vries heeft tijdelijke berichten ingeschakeld. Nieuwe berichten verdwijnen 7 dagen nadat ze zijn verzonden uit deze chat.\n" +
        "13-03-2023 08:36 - Minister Bakker: locatie: https://maps.google.com/?q=52.0799,4.3113\n" +
        "13-03-2023 08:37 - Minister Bakker: null\n";

    public const string AndroidNlFileName = "WhatsApp-chat met Sanne de Vries.txt";

    /// <summary>Android, English UI, en-US 12h with U+202F before PM, m/d/yy, an NBSP inside "a. m." (FORMATS.md §1.2, §1.4).</summary>
    public const string AndroidEnUs12h =
        "2/5/23, 2:07\u202FPM - Mark Visser: Het overleg is verplaatst naar 15.00 uur\n" +
        "2/5/23, 2:09\u202FPM - Lotte Smit: Genoteerd, ik laat het de secretaris-generaal weten\n" +
        "2/14/23, 9:00\u202FAM - Mark Visser: <Media omitted>\n" +
        "2/14/23, 12:30\u202FAM - Lotte Smit: This message was deleted\n" +
        "2/14/23, 12:15\u202FPM - Mark Visser: IMG-20230214-WA0007.jpg (file attached)\n" +
        "Foto van het whiteboard na de crisisvergadering\n" +
        "3/1/23, 10:00 a.\u00A0m. - Lotte Smit: Ok\n";

    /// <summary>Android, en-GB, dd/mm/yyyy with comma, group notices without author (FORMATS.md §1.6), a subject containing ": ".</summary>
    public const string AndroidEnGbGroup =
        "05/02/2023, 14:07 - Mark Visser created group \"Crisisteam hoogwater\"\n" +
        "05/02/2023, 14:07 - Mark Visser added Lotte Smit\n" +
        "05/02/2023, 14:08 - Mark Visser: Welkom. Rijkswaterstaat meldt stijgend water bij Lobith.\n" +
        "05/02/2023, 14:09 - Lotte Smit: Ik bel de veiligheidsregio.\n" +
        "05/02/2023, 14:10 - Mark Visser added Ahmed El Amrani\n" +
        "05/02/2023, 14:11 - Ahmed El Amrani: Dijkbewaking is opgeschaald naar fase 2.\n" +
        "06/02/2023, 08:00 - Mark Visser heeft het onderwerp gewijzigd van \"Crisisteam: hoogwater\" naar \"Crisisteam hoogwater 2023\"\n" +
        "20/02/2023, 17:45 - Lotte Smit left\n";

    /// <summary>iOS, Dutch UI, [dd-mm-yyyy hh:mm:ss], CRLF between records and bare LF inside one, LRM marks, group name in the author slot.</summary>
    public const string IosNlGroup =
        "[05-02-2023 14:07:33] Projectgroep Woo-verzoeken: \u200EBerichten en oproepen zijn end-to-end versleuteld. Alleen mensen in deze chat kunnen ze lezen, beluisteren of delen.\r\n" +
        "[05-02-2023 14:07:35] Eva Hoekstra: \u200EEva Hoekstra heeft je toegevoegd\r\n" +
        "[05-02-2023 14:08:01] Eva Hoekstra: Welkom allemaal. Hier stemmen we de Woo-verzoeken af.\r\n" +
        "\u200E[05-02-2023 14:09:12] Daan Mulder: \u200E<bijgevoegd: 00000004-PHOTO-2023-02-05-14-09-12.jpg>\r\n" +
        "[05-02-2023 14:10:40] Daan Mulder: Besluit Woo-verzoek 2023-17.pdf \u200E• \u200E3 pagina's \u200E<bijgevoegd: 00000005-Besluit Woo-verzoek 2023-17.pdf>\r\n" +
        "[05-02-2023 14:11:02] Eva Hoekstra: \u200Eafbeelding weggelaten\r\n" +
        "[06-02-2023 09:00:00] Eva Hoekstra: Zie de nota van gisteren.\nDe termijn loopt af op 20 februari.\r\n" +
        "[06-02-2023 09:01:10] Daan Mulder: \u200EDit bericht is verwijderd.\r\n" +
        "[06-02-2023 09:02:00] Eva Hoekstra: Akkoord, zo versturen \u200E<Dit bericht is bewerkt>\r\n" +
        "[06-02-2023 09:03:00] Projectgroep Woo-verzoeken: \u200EEva Hoekstra heeft tijdelijke berichten uitgeschakeld.\r\n" +
        "[13-02-2023 10:00:00] ~\u202FPieter Jansen: Goedemorgen, ik sluit aan namens Financiën.\r\n";

    public const string IosNlGroupZipName = "WhatsApp Chat - Projectgroep Woo-verzoeken.zip";

    /// <summary>iOS, English UI, en-GB "[31/12/2022 11:40:26]" without comma, 1:1, the contact's name on the notices.</summary>
    public const string IosEnOneToOne =
        "[31/12/2022 11:40:26] Joost van Dijk: \u200EMessages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them. Learn more.\n" +
        "[31/12/2022 11:41:00] Joost van Dijk: Gelukkig nieuwjaar! Staat het coalitieoverleg van dinsdag nog?\n" +
        "[31/12/2022 11:42:10] Minister Bakker: Ja, 10.00 uur op het ministerie.\n" +
        "[31/12/2022 11:43:00] Joost van Dijk: \u200EJoost van Dijk turned on disappearing messages. New messages will disappear from this chat 7 days after they're sent, except when kept. Tap to change.\n" +
        "\u200E[02/01/2023 09:00:00] Minister Bakker: \u200Eimage omitted\n" +
        "[02/01/2023 09:00:05] Joost van Dijk: \u200EThis message was deleted.\n" +
        "[02/01/2023 09:01:00] Joost van Dijk: Zie de agenda <This message was edited>\n";

    /// <summary>iOS, en-US 12h "[2/5/23, 2:07:33 PM]" with U+202F (FORMATS.md §1.2).</summary>
    public const string IosEnUs12h =
        "[2/5/23, 2:07:33\u202FPM] Mark Visser: Kun je de Kamervragen vandaag nog beantwoorden?\r\n" +
        "[2/5/23, 11:58:01\u202FPM] Lotte Smit: Ja, concept staat in de map.\r\n" +
        "[2/13/23, 12:01:00\u202FAM] Mark Visser: Dank!\r\n";

    /// <summary>Android Dutch with the two clock changes of 2023 (FORMATS.md §1.7).</summary>
    public const string AndroidDst =
        "26-03-2023 00:40 - Sanne de Vries: Voor de zomertijd\n" +
        "26-03-2023 03:10 - Sanne de Vries: Na de zomertijd\n" +
        "29-10-2023 01:55 - Sanne de Vries: Nog zomertijd\n" +
        "29-10-2023 02:30 - Sanne de Vries: Eerste keer half drie\n" +
        "29-10-2023 02:10 - Sanne de Vries: Klok is terug\n" +
        "29-10-2023 02:45 - Sanne de Vries: Nog steeds wintertijd\n" +
        "29-10-2023 03:05 - Sanne de Vries: Na drie uur\n";
}
