using System.Globalization;
using System.Text;
using System.Xml;

namespace ChatArchive.Sealing.Mdto;

/// <summary>
/// Writes MDTO 1.0.1 sidecars (Nationaal Archief; XSD in this folder). Elements follow the XSD's sequence order;
/// every value list that is not an MDTO list is named as this system's own begrippenlijst.
/// Output is byte-stable: UTF-8 without BOM, two-space indentation, "\n" line ends.
/// </summary>
public static class MdtoWriter
{
    public const string Namespace = "https://www.nationaalarchief.nl/mdto";
    public const string SidecarSuffix = ".MDTO.xml";
    public const string FileSidecarSuffix = ".bestand.MDTO.xml";

    private const string AggregationList = "Begrippenlijst Aggregatieniveaus MDTO";
    private const string EventList = "Begrippenlijst EventTypeLijst MDTO";
    private const string ValuationList = "Begrippenlijst Waarderingen MDTO";
    private const string ChecksumList = "Begrippenlijst ChecksumAlgoritme MDTO";
    private const string OwnList = "Begrippenlijst ChatArchive.Workflows";
    private const string MediaTypeList = "IANA Media Types";

    /// <summary>An informatieobject: Serie, Dossier or Archiefstuk.</summary>
    public sealed record InformationObject(
        MdtoIdentity Identity,
        IReadOnlyList<MdtoIdentity> ExtraIdentities,
        string Aggregation,
        string? Description,
        (DateOnly From, DateOnly To)? Coverage,
        IReadOnlyList<MdtoEvent> Events,
        Valuation Valuation,
        MdtoIdentity? PartOf,
        IReadOnlyList<MdtoIdentity> Representations,
        MdtoIdentity Creator,
        string Restriction,
        UseRestriction? ExtraRestriction = null);

    /// <summary>A further MDTO beperkingGebruik (e.g. messages kept with a restriction mark): type label and a description.</summary>
    public sealed record UseRestriction(string Type, string Description);

    public sealed record MdtoEvent(string Type, DateTimeOffset At, string Actor, string? Result = null);

    /// <summary>MDTO waardering (B/V/N).</summary>
    public enum Valuation { B, V, N }

    public static byte[] Write(InformationObject o) => Document(w =>
    {
        w.WriteStartElement("informatieobject", Namespace);
        WriteIdentificatie(w, o.Identity);
        foreach (var extra in o.ExtraIdentities) WriteIdentificatie(w, extra);
        w.WriteElementString("naam", Namespace, o.Identity.Naam);
        WriteBegrip(w, "aggregatieniveau", o.Aggregation, null, AggregationList);
        if (o.Description is not null) w.WriteElementString("omschrijving", Namespace, o.Description);
        if (o.Coverage is { } c)
        {
            w.WriteStartElement("dekkingInTijd", Namespace);
            WriteBegrip(w, "dekkingInTijdType", "Periode van de berichten", null, OwnList);
            w.WriteElementString("dekkingInTijdBegindatum", Namespace, Date(c.From));
            w.WriteElementString("dekkingInTijdEinddatum", Namespace, Date(c.To));
            w.WriteEndElement();
        }
        w.WriteElementString("taal", Namespace, "nl");
        foreach (var e in o.Events)
        {
            w.WriteStartElement("event", Namespace);
            WriteBegrip(w, "eventType", e.Type, null, EventList);
            w.WriteElementString("eventTijd", Namespace, Instant(e.At));
            WriteVerwijzing(w, "eventVerantwoordelijkeActor", e.Actor, null);
            if (e.Result is not null) w.WriteElementString("eventResultaat", Namespace, e.Result);
            w.WriteEndElement();
        }
        var (label, code) = o.Valuation switch
        {
            Valuation.B => ("Blijvend te bewaren", "B"),
            Valuation.V => ("Tijdelijk te bewaren", "V"),
            _ => ("Nog niet bepaald", "N"),
        };
        WriteBegrip(w, "waardering", label, code, ValuationList);
        if (o.PartOf is not null) WriteVerwijzing(w, "isOnderdeelVan", o.PartOf.Naam, o.PartOf);
        foreach (var r in o.Representations) WriteVerwijzing(w, "heeftRepresentatie", r.Naam, r);
        WriteVerwijzing(w, "archiefvormer", o.Creator.Naam, o.Creator);
        w.WriteStartElement("beperkingGebruik", Namespace);
        WriteBegrip(w, "beperkingGebruikType", o.Restriction, null, OwnList);
        w.WriteEndElement();
        if (o.ExtraRestriction is { } further)
        {
            w.WriteStartElement("beperkingGebruik", Namespace);
            WriteBegrip(w, "beperkingGebruikType", further.Type, null, OwnList);
            w.WriteElementString("beperkingGebruikNadereBeschrijving", Namespace, further.Description);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    });

    /// <summary>A bestand sidecar: omvang, bestandsformaat, checksum (SHA256, value, date) and isRepresentatieVan.</summary>
    public static byte[] WriteFile(MdtoIdentity file, long size, string? mediaType, string sha256, DateTimeOffset checksumDate, MdtoIdentity representationOf) => Document(w =>
    {
        w.WriteStartElement("bestand", Namespace);
        WriteIdentificatie(w, file);
        w.WriteElementString("naam", Namespace, file.Naam);
        w.WriteElementString("omvang", Namespace, size.ToString(CultureInfo.InvariantCulture));
        WriteBegrip(w, "bestandsformaat", string.IsNullOrWhiteSpace(mediaType) ? "application/octet-stream" : mediaType, null, MediaTypeList);
        w.WriteStartElement("checksum", Namespace);
        WriteBegrip(w, "checksumAlgoritme", "SHA256", null, ChecksumList);
        w.WriteElementString("checksumWaarde", Namespace, sha256);
        w.WriteElementString("checksumDatum", Namespace, Instant(checksumDate));
        w.WriteEndElement();
        WriteVerwijzing(w, "isRepresentatieVan", representationOf.Naam, representationOf);
        w.WriteEndElement();
    });

    private static byte[] Document(Action<XmlWriter> body)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("MDTO", Namespace);
            body(w);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }

    private static void WriteIdentificatie(XmlWriter w, MdtoIdentity id)
    {
        w.WriteStartElement("identificatie", Namespace);
        w.WriteElementString("identificatieKenmerk", Namespace, id.Kenmerk);
        w.WriteElementString("identificatieBron", Namespace, id.Bron);
        w.WriteEndElement();
    }

    private static void WriteBegrip(XmlWriter w, string element, string label, string? code, string list)
    {
        w.WriteStartElement(element, Namespace);
        w.WriteElementString("begripLabel", Namespace, label);
        if (code is not null) w.WriteElementString("begripCode", Namespace, code);
        WriteVerwijzing(w, "begripBegrippenlijst", list, null);
        w.WriteEndElement();
    }

    private static void WriteVerwijzing(XmlWriter w, string element, string name, MdtoIdentity? id)
    {
        w.WriteStartElement(element, Namespace);
        w.WriteElementString("verwijzingNaam", Namespace, name);
        if (id is not null)
        {
            w.WriteStartElement("verwijzingIdentificatie", Namespace);
            w.WriteElementString("identificatieKenmerk", Namespace, id.Kenmerk);
            w.WriteElementString("identificatieBron", Namespace, id.Bron);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
