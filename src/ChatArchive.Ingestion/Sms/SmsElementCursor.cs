using System.Globalization;
using System.Text;
using System.Xml;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using ChatArchive.Ingestion.Time;

namespace ChatArchive.Ingestion.Sms;

/// <summary>
/// Streams one kind of element (<c>sms</c> or <c>mms</c>) out of a backup file with <see cref="XmlReader"/>,
/// skipping the other kind. DTDs are prohibited and no resolver is set, so entities and external references
/// cannot be expanded (issue 3 §6). The backup writes all sms before all mms (FORMATS.md §3); two cursors over
/// the same file, each in date order, are merged by <see cref="SmsBackupReader"/> without holding the file.
/// </summary>
internal sealed class SmsElementCursor : IDisposable
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    private readonly Stream _stream;
    private readonly string _file;
    private readonly string _kind;
    private readonly long? _dtdLine;
    // Created on the first Next(): XmlReader.Create already reads, so its errors must pass through Next's mapping.
    private XmlReader? _reader;
    private bool _rootSeen;

    /// <param name="dtdLine">The line of a <c>&lt;!DOCTYPE</c> seen in the file's prefix, if any.</param>
    public SmsElementCursor(Stream stream, string file, string kind, long? dtdLine)
    {
        _stream = stream;
        _file = file;
        _kind = kind;
        _dtdLine = dtdLine;
    }

    /// <summary>The next element of this cursor's kind, or null at the end of the file. Drafts (sms type 3, mms msg_box 3) were never sent and are passed over.</summary>
    public SmsRecord? Next()
    {
        try
        {
            return NextCore();
        }
        catch (XmlException e)
        {
            if (!_rootSeen && _dtdLine is { } dtdLine)
            {
                throw new ExportFormatException(
                    $"'{_file}' bevat een DTD (<!DOCTYPE …>) op regel {dtdLine}. Om veiligheidsredenen worden DTD's en entiteiten niet verwerkt, en een echte back-up van SMS Backup & Restore heeft er geen. Maak een nieuwe back-up met de app.",
                    _file, dtdLine, e);
            }
            throw new ExportFormatException(
                $"'{_file}' is geen geldige XML (regel {e.LineNumber}, positie {e.LinePosition}). Het bestand is afgebroken of beschadigd; maak een nieuwe back-up met SMS Backup & Restore.",
                _file, e.LineNumber, e);
        }
        catch (DecoderFallbackException e)
        {
            long? line = _reader is null ? null : LineInfo.LineNumber;
            throw new ExportFormatException(
                $"'{_file}' bevat {(line is > 0 ? $"rond regel {line} " : "")}tekens die geen geldige UTF-8 zijn. Maak een nieuwe back-up met SMS Backup & Restore (die schrijft UTF-8).",
                _file, line, e);
        }
    }

    private SmsRecord? NextCore()
    {
        if (!_rootSeen)
        {
            _reader = XmlReader.Create(SurrogateReferenceRepairReader.Open(_stream), Settings);
            Xml.MoveToContent();
            _rootSeen = true;
            if (Xml.NodeType != XmlNodeType.Element || Xml.LocalName != "smses")
            {
                var found = Xml.NodeType == XmlNodeType.Element ? $"<{Xml.LocalName}>" : "geen element";
                throw new ExportFormatException(
                    Xml.LocalName == "calls"
                        ? $"'{_file}' is een oproepenlijst (<calls>), geen berichtenback-up. Lever het bestand sms-….xml aan."
                        : $"'{_file}' is geen back-up van SMS Backup & Restore: het hoofdelement is {found} in plaats van <smses> (regel {LineInfo.LineNumber}). Lever het sms-….xml-bestand uit de app aan.",
                    _file, LineInfo.LineNumber);
            }
            if (Xml.IsEmptyElement)
            {
                return null;
            }
            Xml.Read();
        }
        while (!Xml.EOF)
        {
            if (Xml.NodeType != XmlNodeType.Element || Xml.Depth != 1)
            {
                Xml.Read();
                continue;
            }
            if (Xml.LocalName != _kind)
            {
                Xml.Skip();
                continue;
            }
            var record = _kind == "sms" ? ParseSms() : ParseMms();
            if (record is not null)
            {
                return record;
            }
        }
        return null;
    }

    private SmsRecord? ParseSms()
    {
        var line = LineInfo.LineNumber;
        var address = Xml.GetAttribute("address") ?? throw Missing("address", line);
        var sent = AmsterdamClock.FromUnixMilliseconds(Number("date", line));
        var type = Xml.GetAttribute("type");
        var body = Xml.GetAttribute("body") ?? "";
        var name = SmsAddresses.Meaningful(Xml.GetAttribute("contact_name"));
        Xml.Skip();
        if (type == "3")
        {
            return null;
        }
        var contact = name ?? address.Trim();
        // type 1 = received; 2 sent, 4 outbox, 5 failed, 6 queued all left this phone's own account (SyncTech field list).
        var sender = type == "1" ? contact : OwnAccount.Sender;
        var message = new CanonicalMessage(sender, sent, body, []);
        // The phone's own account takes part in every conversation of its backup.
        return new SmsRecord("sms:" + SmsAddresses.Normalize(address), contact, false, [contact, OwnAccount.Sender], message, line);
    }

    private SmsRecord? ParseMms()
    {
        var line = LineInfo.LineNumber;
        var addressList = Xml.GetAttribute("address") ?? throw Missing("address", line);
        var raw = Number("date", line);
        // SyncTech documents milliseconds, Android's own MMS table stores seconds: judge by magnitude (FORMATS.md §3).
        var sent = raw < 100_000_000_000L ? AmsterdamClock.FromUnixSeconds(raw) : AmsterdamClock.FromUnixMilliseconds(raw);
        var box = Xml.GetAttribute("msg_box");
        var names = SmsAddresses.Meaningful(Xml.GetAttribute("contact_name"));
        var addresses = SmsAddresses.SplitMms(addressList);
        if (addresses.Count == 0)
        {
            throw Missing("address", line);
        }

        var texts = new List<string>();
        var attachments = new List<AttachmentRef>();
        string? from = null;
        if (!Xml.IsEmptyElement)
        {
            var depth = Xml.Depth;
            Xml.Read();
            while (!Xml.EOF && !(Xml.NodeType == XmlNodeType.EndElement && Xml.Depth == depth))
            {
                if (Xml.NodeType == XmlNodeType.Element && Xml.LocalName == "part")
                {
                    ReadPart(texts, attachments);
                }
                else if (Xml.NodeType == XmlNodeType.Element && Xml.LocalName == "addr")
                {
                    // PDU header 137 (0x89) is From (Android PduHeaders.java).
                    if (Xml.GetAttribute("type") == "137")
                    {
                        from = Xml.GetAttribute("address");
                    }
                }
                Xml.Read();
            }
        }
        Xml.Read();
        if (box == "3")
        {
            return null;
        }

        var isGroup = addresses.Count > 1;
        var nameList = names?.Split(", ", StringSplitOptions.TrimEntries).ToList();
        var participants = nameList is not null && nameList.Count == addresses.Count ? nameList : addresses;
        var title = names ?? string.Join(", ", addresses);
        string sender;
        if (box is "2" or "4")
        {
            sender = OwnAccount.Sender;
        }
        else if (!isGroup)
        {
            sender = participants[0];
        }
        else
        {
            // Map the From number to its contact name only where the name list lines up with the address list.
            var index = from is null ? -1 : addresses.IndexOf(SmsAddresses.Normalize(from));
            sender = index >= 0 ? participants[index] : from ?? "Unknown";
        }
        var message = new CanonicalMessage(sender, sent, string.Join("\n", texts), attachments);
        // The key does not depend on the order the phone listed the numbers in.
        return new SmsRecord("sms:" + string.Join("~", addresses.Order(StringComparer.Ordinal)), title, isGroup, [.. participants, OwnAccount.Sender], message, line);
    }

    /// <summary>A part: the SMIL part is layout, text/plain is the text, anything else is an attachment (FORMATS.md §3).</summary>
    private void ReadPart(List<string> texts, List<AttachmentRef> attachments)
    {
        var line = LineInfo.LineNumber;
        var contentType = SmsAddresses.Meaningful(Xml.GetAttribute("ct")) ?? "application/octet-stream";
        if (contentType.Equals("application/smil", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        if (contentType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            var text = Xml.GetAttribute("text");
            if (text is not null && text != "null")
            {
                texts.Add(text);
            }
            return;
        }
        var seq = Xml.GetAttribute("seq") ?? "0";
        var fileName = SmsAddresses.Meaningful(Xml.GetAttribute("name"))
                       ?? SmsAddresses.Meaningful(Xml.GetAttribute("cl"))
                       ?? $"part-{seq}";
        var data = Xml.GetAttribute("data");
        if (string.IsNullOrEmpty(data) || data == "null")
        {
            // The backup was made without media: only the part's metadata is there.
            attachments.Add(ExportAttachments.Omitted(fileName, contentType));
            return;
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(data);
        }
        catch (FormatException e)
        {
            throw new ExportFormatException(
                $"Regel {line} van '{_file}': de bijlage '{fileName}' is beschadigd (geen geldige base64). Maak een nieuwe back-up met SMS Backup & Restore.",
                _file, line, e);
        }
        attachments.Add(ExportAttachments.FromBytes(bytes, fileName, contentType));
    }

    private long Number(string attribute, long line)
    {
        var value = Xml.GetAttribute(attribute) ?? throw Missing(attribute, line);
        // Milliseconds (sms, most mms) or seconds (some mms): either way within 1970–2199.
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
               && (AmsterdamClock.PlausibleUnixSeconds(n) || AmsterdamClock.PlausibleUnixSeconds(n / 1000))
            ? n
            : throw new ExportFormatException(
                $"Regel {line} van '{_file}': het attribuut {attribute}=\"{value}\" van <{_kind}> is geen geldig tijdstip. Maak een nieuwe back-up met SMS Backup & Restore.",
                _file, line);
    }

    private ExportFormatException Missing(string attribute, long line) => new(
        $"Regel {line} van '{_file}': een <{_kind}> mist het attribuut '{attribute}'. Dit is geen volledige back-up van SMS Backup & Restore; maak een nieuwe back-up.",
        _file, line);

    private XmlReader Xml => _reader ?? throw new InvalidOperationException("The reader is created by the first Next().");

    private IXmlLineInfo LineInfo => (IXmlLineInfo)Xml;

    public void Dispose()
    {
        if (_reader is null)
        {
            _stream.Dispose();
        }
        else
        {
            _reader.Dispose();
        }
    }
}
