using System.Runtime.CompilerServices;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Text;

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>What the first pass over a WhatsApp chat file learns before any message is emitted.</summary>
internal sealed record ScanResult(DateOrderDecision Order, string Title, bool IsGroup, IReadOnlyList<string> Participants);

/// <summary>
/// Pass 1 of <see cref="WhatsAppTextReader"/>: headers only (plus the first body line), constant memory apart from
/// author names. It reads the UTF-8 bytes of each line (the header grammar is ASCII plus WhatsApp's marks and spaces)
/// and decodes a line only when it needs its text: a new author name, a notice, an iOS line that starts with a mark.
/// Pass 2 decodes and checks every line; should this pass meet invalid UTF-8 first, the file is read once more to
/// name the first bad line, exactly as pass 2 would.
/// A large file that can seek (a .txt on disk) is scanned in two halves on two threads. Every fact this pass
/// collects can be joined in file order: counters and flags add up, the date-order pair that straddles the cut is
/// counted at the join, and the second half's new authors come after the first half's. Whatever the second half
/// cannot judge on its own (an error, which needs a line number) makes the whole file be scanned again in one piece,
/// so the result and every error are the same as a scan in one piece.
/// </summary>
internal sealed class WhatsAppHeaderScan
{
    private readonly WhatsAppPlatform _platform;
    private readonly string _entry;
    private readonly bool _atStart;
    private readonly DateOrderInference _inference = new();
    private readonly Dictionary<string, AuthorFacts> _authors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthorFacts>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    // Authors by the bytes of their name: a known author costs one hash of a few bytes, no decoding.
    private readonly Dictionary<byte[], AuthorFacts>.AlternateLookup<ReadOnlySpan<byte>> _byBytes;
    private readonly RecentKeys<byte, AuthorFacts> _recentBytes = new();
    private string? _encryptionAuthor;
    private bool _groupEvidence;
    private bool _sawPlatform;
    private long _headers;
    private long _lines;
    private readonly WhatsAppTextReader.UnexplainedLines _unexplained = new();

    /// <summary>A file with at least this many unexplained lines, making up more than <see cref="RefusePercent"/> % of its header lines, is refused.</summary>
    public const int RefuseFromLines = 3;

    public const int RefusePercent = 20;

    private WhatsAppHeaderScan(WhatsAppPlatform platform, string entry, bool atStart)
    {
        _platform = platform;
        _entry = entry;
        _atStart = atStart;
        _lookup = _authors.GetAlternateLookup<ReadOnlySpan<char>>();
        _byBytes = new Dictionary<byte[], AuthorFacts>(ByteKeyComparer.Instance).GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    private sealed class AuthorFacts
    {
        public bool CertainMessage;
        public bool NoticeLike;
        public bool Unexplained;
        public int FirstSeen;
    }

    public static ScanResult Run(IExportSource source, string entry, WhatsAppPlatform platform, CancellationToken ct)
    {
        var scan = TryInHalves(source, entry, platform, ct) ?? InOnePiece(source, entry, platform, ct);
        return scan.Result(source, entry);
    }

    private static WhatsAppHeaderScan InOnePiece(IExportSource source, string entry, WhatsAppPlatform platform, CancellationToken ct)
    {
        var scan = new WhatsAppHeaderScan(platform, entry, atStart: true);
        using var reader = new BoundedLineReader(source.Open(entry), entry);
        try
        {
            scan.Read(reader, ct);
        }
        catch (ExportFormatException e) when (FirstInvalidLine(source, entry, e.Line) is { } earlier)
        {
            // Invalid text up to the line this pass stopped at: report that one, as a full read would.
            throw earlier;
        }
        return scan;
    }

    /// <summary>Both halves at once, or null when the file cannot be cut (not seekable, small) or a half needs the whole.</summary>
    private static WhatsAppHeaderScan? TryInHalves(IExportSource source, string entry, WhatsAppPlatform platform, CancellationToken ct)
    {
        var first = source.Open(entry);
        if (!first.CanSeek || first.Length < WhatsAppTextReader.ParallelScanFromBytes)
        {
            first.Dispose();
            return null;
        }
        long cut;
        try
        {
            // A UTF-16 file (read through a transcoder) cannot be cut at a byte offset: scanned in one piece.
            var a = first.ReadByte();
            var b = first.ReadByte();
            if ((a == 0xFF && b == 0xFE) || (a == 0xFE && b == 0xFF))
            {
                first.Dispose();
                return null;
            }
            cut = LineStartAfter(first, first.Length / 2);
            first.Position = 0;
        }
        catch
        {
            first.Dispose();
            throw;
        }
        if (cut <= 0 || cut >= first.Length)
        {
            first.Dispose();
            return null;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var later = Task.Run(() =>
        {
            var stream = source.Open(entry);
            stream.Position = cut;
            var scan = new WhatsAppHeaderScan(platform, entry, atStart: false);
            using var reader = new BoundedLineReader(stream, entry);
            try
            {
                scan.Read(reader, stop.Token);
                return scan;
            }
            catch (Exception e) when (e is ExportFormatException || (e is OperationCanceledException && stop.IsCancellationRequested))
            {
                return null; // judged again in one piece (line numbers), or the first half failed
            }
        }, CancellationToken.None);

        var earlier = new WhatsAppHeaderScan(platform, entry, atStart: true);
        try
        {
            using var reader = new BoundedLineReader(new LimitedStream(first, cut), entry);
            earlier.Read(reader, ct);
        }
        catch (OperationCanceledException)
        {
            WaitQuietly(stop, later);
            throw;
        }
        catch
        {
            WaitQuietly(stop, later);
            return null; // the one-piece scan raises the error with the right line (or the first bad line)
        }
        var second = later.GetAwaiter().GetResult();
        // The second half judged its first header only if the first half saw one of this platform (see Read).
        if (second is null || earlier._headers == 0 || !earlier._sawPlatform) return null;
        return earlier.Join(second) ? earlier : null;
    }

    private static void WaitQuietly(CancellationTokenSource stop, Task later)
    {
        stop.Cancel();
        try
        {
            later.GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // The second half's own outcome no longer matters.
        }
    }

    /// <summary>Offset of the first line that starts at or after <paramref name="from"/> (after its LF, CR or CRLF).</summary>
    private static long LineStartAfter(Stream stream, long from)
    {
        stream.Position = from;
        var buffer = new byte[1 << 16];
        var at = from;
        while (true)
        {
            var n = stream.Read(buffer);
            if (n == 0) return -1;
            var i = buffer.AsSpan(0, n).IndexOfAny((byte)'\n', (byte)'\r');
            if (i < 0)
            {
                at += n;
                continue;
            }
            var end = at + i + 1;
            if (buffer[i] == (byte)'\r')
            {
                // CRLF is one line end: the cut goes after the LF.
                int next;
                if (i + 1 < n) next = buffer[i + 1];
                else
                {
                    stream.Position = end;
                    next = stream.ReadByte();
                }
                if (next == '\n') end++;
            }
            return end;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop
    private void Read(BoundedLineReader reader, CancellationToken ct)
    {
        while (reader.TryReadLineBytes(out var bytes))
        {
            if (!WhatsAppHeaderParser.TryParse(bytes, out var hb))
            {
                // A half that starts inside a message begins with its continuation lines.
                if (_headers == 0 && _atStart)
                {
                    var text = reader.DecodeLine(bytes);
                    if (text.Trim().Length > 0 && !WhatsAppTextReader.IsOnlyMarks(text)) throw WhatsAppTextReader.NotAHeader(_entry, reader.LineNumber);
                }
                continue;
            }
            if ((++_headers & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            if (hb.Platform != _platform)
            {
                // A line of the other platform inside the file is a user's text that looks like a header; it stays text in
                // pass 2 too. The second half may take it as text: it is only used when the first half saw this platform.
                if (!_sawPlatform && _atStart) throw WrongPlatform(_entry, reader.LineNumber);
                // It counts as unexplained: one pasted line stays a message, but a file that mixes both header forms
                // throughout is no export of one phone and is refused by the rule below, not read with half its
                // messages glued onto the others (a file of this kind sits in another project's test suite).
                _unexplained.Add(reader.LineNumber);
                continue;
            }
            _sawPlatform = true;
            _inference.Add(hb);
            if (hb.HasAuthor && KnownAuthor(bytes.Slice(hb.AuthorStart, hb.AuthorLength)) is { } known
                && !(_platform == WhatsAppPlatform.Ios && HeaderText.Utf8.LrmAt(bytes, hb.BodyStart)))
            {
                known.CertainMessage = true;
                continue;
            }

            // The text is needed: the same header, now over the decoded line (offsets in chars).
            var line = reader.DecodeLine(bytes);
            WhatsAppHeaderParser.TryParse(line, out var h);
            var body = line[h.BodyStart..];
            if (!h.HasAuthor)
            {
                var kind = NoticeKind(body);
                if (IsGroupEvent(kind)) _groupEvidence = true;
                if (kind is null) _unexplained.Add(reader.LineNumber);
                continue;
            }
            var author = line.Slice(h.AuthorStart, h.AuthorLength);
            if (_platform == WhatsAppPlatform.Android && SystemNoticeCatalog.LooksLikeNoticeNotName(author))
            {
                var kind = NoticeKind(line[h.AuthorStart..]);
                if (IsGroupEvent(kind)) _groupEvidence = true;
                if (kind is null) _unexplained.Add(reader.LineNumber);
                continue;
            }
            if (!_lookup.TryGetValue(author, out var facts))
            {
                if (_authors.Count >= WhatsAppTextReader.MaxParticipants) throw TooManyAuthors(_entry, reader.LineNumber);
                facts = new AuthorFacts { FirstSeen = _authors.Count };
                _lookup[author] = facts;
                _byBytes[bytes.Slice(hb.AuthorStart, hb.AuthorLength)] = facts;
            }
            var lrm = _platform == WhatsAppPlatform.Ios ? WhatsAppTextReader.ClassifyLrm(line, h.BodyStart) : WhatsAppTextReader.LrmLine.Message;
            if (lrm == WhatsAppTextReader.LrmLine.Unknown)
            {
                facts.Unexplained = true;
                _unexplained.Add(reader.LineNumber);
            }
            else if (lrm == WhatsAppTextReader.LrmLine.KnownNotice)
            {
                facts.NoticeLike = true;
                var text = WhatsAppMarkers.StripMarks(body.ToString());
                var kind = SystemNoticeCatalog.Classify(text, out _);
                if (kind == SystemEventKind.EncryptionNotice) _encryptionAuthor ??= author.ToString();
                if (IsGroupEvent(kind)) _groupEvidence = true;
            }
            else
            {
                facts.CertainMessage = true;
            }
        }
        _lines = reader.LineNumber;
    }

    private AuthorFacts? KnownAuthor(ReadOnlySpan<byte> name)
    {
        if (_recentBytes.TryGet(name, out var facts)) return facts;
        if (!_byBytes.TryGetValue(name, out facts)) return null;
        _recentBytes.Put(name, facts);
        return facts;
    }

    /// <summary>Adds what the scan of the text right after this one found, as if one scan had read both; false when it cannot.</summary>
    private bool Join(WhatsAppHeaderScan later)
    {
        var laterNames = later.InFirstSeenOrder();
        var added = 0;
        foreach (var name in laterNames)
        {
            if (!_authors.ContainsKey(name)) added++;
        }
        if (_authors.Count + added > WhatsAppTextReader.MaxParticipants)
        {
            return false; // the one-piece scan names the line where the limit is crossed
        }
        _inference.Join(later._inference);
        foreach (var name in laterNames)
        {
            var facts = later._authors[name];
            if (!_authors.TryGetValue(name, out var mine))
            {
                mine = new AuthorFacts { FirstSeen = _authors.Count };
                _authors[name] = mine;
            }
            mine.CertainMessage |= facts.CertainMessage;
            mine.NoticeLike |= facts.NoticeLike;
            mine.Unexplained |= facts.Unexplained;
        }
        _unexplained.AddAll(later._unexplained, _lines);
        _lines += later._lines;
        _encryptionAuthor ??= later._encryptionAuthor;
        _groupEvidence |= later._groupEvidence;
        _sawPlatform |= later._sawPlatform;
        _headers += later._headers;
        return true;
    }

    /// <summary>
    /// The author names in the order they were first seen. Each name's <see cref="AuthorFacts.FirstSeen"/> is the count
    /// of names before it (set when it is added; names are never removed), so each has a slot of its own: no sort, and
    /// no LINQ over key-value pairs to compile at start (a parse is a short process; issue 16, parse speed).
    /// </summary>
    private string[] InFirstSeenOrder()
    {
        var names = new string[_authors.Count];
        foreach (var (name, facts) in _authors)
        {
            if ((uint)facts.FirstSeen >= (uint)names.Length || names[facts.FirstSeen] is not null)
            {
                throw new InvalidOperationException($"Author order broken at {facts.FirstSeen} of {names.Length}.");
            }
            names[facts.FirstSeen] = name;
        }
        return names;
    }

    private ScanResult Result(IExportSource source, string entry)
    {
        if (_headers == 0)
        {
            throw new ExportFormatException(
                $"'{entry}' bevat geen enkele WhatsApp-berichtregel. Controleer of u de juiste export hebt gekozen.", entry);
        }
        var title = WhatsAppChatFile.TitleFromName(source.DisplayName)
                    ?? WhatsAppChatFile.TitleFromName(entry[(entry.LastIndexOf('/') + 1)..])
                    ?? _encryptionAuthor
                    ?? Path.GetFileNameWithoutExtension(entry);
        if (_unexplained.Count >= RefuseFromLines && _unexplained.Count * 100 > _headers * RefusePercent)
        {
            throw new ExportFormatException(
                $"'{entry}' wordt niet ingelezen: {_unexplained.Count} van de {_headers} berichtregels zijn geen bericht en geen bekende WhatsApp-melding " +
                $"(eerste regels: {_unexplained.Describe()}). Een uitlezing die zo veel regels niet kan verklaren, kan ongemerkt fout zijn. " +
                $"Mogelijk stond de telefoon op een taal die de meldingencatalogus nog niet kent (bekend: {string.Join(", ", WhatsAppNoticeCatalog.Default.Languages)}); " +
                "exporteer de chat opnieuw met de telefoon op Nederlands of Engels, of meld het bestand bij de beheerder.",
                entry, _unexplained.First[0]);
        }
        // iOS notices put the chat name (or the acting person) in the author slot: not a participant (FORMATS.md §1.6).
        // A name with only unexplained lines is kept (it is more likely a person whose media or notices are in an unknown
        // language), unless it is the group's name.
        var certain = 0;
        foreach (var facts in _authors.Values)
        {
            if (facts.CertainMessage) certain++;
        }
        var participants = new List<string>();
        foreach (var name in InFirstSeenOrder())
        {
            var facts = _authors[name];
            if (facts.CertainMessage || (facts.Unexplained && !(name == title && (_groupEvidence || certain >= 2)))) participants.Add(name);
        }
        var isGroup = _groupEvidence || participants.Count > 2;
        return new ScanResult(_inference.Decide(entry), title, isGroup, participants);
    }

    /// <summary>
    /// The error a decoding read of the file raises (bad UTF-8, a line too long) up to and including line
    /// <paramref name="upTo"/> (the whole file when it is null), or null: what a pass that decodes every line would
    /// have reported before reaching that line.
    /// </summary>
    private static ExportFormatException? FirstInvalidLine(IExportSource source, string entry, long? upTo)
    {
        using var reader = new BoundedLineReader(source.Open(entry), entry);
        try
        {
            while ((upTo is null || reader.LineNumber < upTo) && reader.TryReadLine(out _))
            {
            }
            return null;
        }
        catch (ExportFormatException e)
        {
            return e;
        }
    }

    private static bool IsGroupEvent(SystemEventKind? kind) =>
        kind is SystemEventKind.GroupCreated or SystemEventKind.MemberAdded or SystemEventKind.MemberJoined
            or SystemEventKind.MemberLeft or SystemEventKind.MemberRemoved or SystemEventKind.GroupRenamed;

    private static SystemEventKind? NoticeKind(ReadOnlySpan<char> body) =>
        SystemNoticeCatalog.Classify(WhatsAppMarkers.StripMarks(body.ToString()), out _);

    private static ExportFormatException WrongPlatform(string entry, long line) => new(
        $"Regel {line} van '{entry}' hoort bij een ander WhatsApp-exportformaat dan gekozen. Laat het formaat automatisch herkennen of kies het andere formaat.",
        entry, line);

    private static ExportFormatException TooManyAuthors(string entry, long line) => new(
        $"'{entry}' noemt meer dan {WhatsAppTextReader.MaxParticipants} verschillende afzenders. Dit is geen enkele WhatsApp-chat; controleer het bestand.",
        entry, line);
}
