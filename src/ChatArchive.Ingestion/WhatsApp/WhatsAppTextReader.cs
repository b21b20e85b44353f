using System.Runtime.CompilerServices;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using ChatArchive.Ingestion.Text;
using ChatArchive.Ingestion.Time;

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>
/// Reads a WhatsApp "Export chat" text file (FORMATS.md §1) in two streaming passes over the file:
/// pass 1 reads only headers (date order from the whole file, participants, title; <see cref="WhatsAppHeaderScan"/>,
/// over raw bytes, in two halves on two threads when the file can seek); pass 2 emits the items while a second
/// thread reads, decodes and header-parses the lines ahead (<see cref="PrefetchingLineReader{T}"/>).
/// Memory holds one record at a time, a few line batches and a small set of author names, never the file.
/// </summary>
public abstract class WhatsAppTextReader(WhatsAppPlatform platform) : IExportReader
{
    /// <summary>A record (header plus continuation lines) larger than this is refused: no real message is.</summary>
    public const int MaxRecordChars = 16 << 20;

    /// <summary>WhatsApp groups hold at most 1024 members; beyond this many names the list is not a chat.</summary>
    internal const int MaxParticipants = 4096;

    /// <summary>A seekable chat file at least this large has its first pass done in two halves on two threads; below it a second thread costs more than it saves.</summary>
    public const long ParallelScanFromBytes = 8 << 20;

    /// <summary>A field, not a virtual property: it is asked for every line.</summary>
    protected WhatsAppPlatform Platform { get; } = platform;

    public abstract string Format { get; }

    /// <summary>
    /// Small line batches for pass 2, for a tiny export (<see cref="WhatsAppWarmUp"/>): the default batches are large
    /// objects that only a generation-2 collection frees, which a short-lived reader should not leave behind.
    /// </summary>
    internal bool SmallBatches { get; init; }

    /// <summary>Operator override of the inferred day/month order (FORMATS.md §1.2: "provide a manual override").</summary>
    public DateOrder? DateOrderOverride { get; set; }

    public double Detect(IExportSource source)
    {
        var entry = WhatsAppChatFile.Find(source);
        if (entry is null) return 0;
        var platform = WhatsAppChatFile.SniffPlatform(source, entry);
        return platform == Platform ? 0.95 : 0;
    }

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var entry = WhatsAppChatFile.Find(source)
                    ?? throw new ExportFormatException(
                        $"In '{source.DisplayName}' staat geen WhatsApp-chatbestand (_chat.txt of 'WhatsApp-chat met ….txt'). Upload de export zoals WhatsApp die deelt.",
                        source.DisplayName);
        var folder = entry.Contains('/') ? entry[..(entry.LastIndexOf('/') + 1)] : "";
        // Pass 2 needs the notice catalogue from its first line: it is read on a pool thread while pass 1 runs, so that
        // its start-up cost is not added to the emitting thread's (issue 16, parse speed). The catalogue is immutable.
        WhatsAppNoticeCatalog.LoadInBackground();
        var scan = WhatsAppHeaderScan.Run(source, entry, Platform, cancellationToken);
        var order = DateOrderOverride is { } forced ? new DateOrderDecision(forced, true) : scan.Order;
        var key = entry == source.Entries[0] && source.Entries.Count == 1 ? source.DisplayName : source.DisplayName + "/" + entry;

        yield return new ConversationStarted(key, scan.Title, scan.IsGroup, scan.Participants);
        if (!order.Proven)
        {
            yield return new ExportNoteRead(key, ExportNoteKinds.DateOrderAssumed,
                "day-month-year (the file does not prove the order)");
        }

        // The reading thread of pass 2 reads, decodes and parses each line, and for a header also works out the instant
        // and the author (in file order, so the clock's autumn-night rule sees the same order); this thread assembles
        // records and makes the items. Measured on 1,000,000 messages: this thread did three times the reading thread's
        // work when it also did the instant and the author; the pass takes as long as the busier of the two.
        var headers = new HeaderAnnotator(Platform, order.Order, entry, scan.Participants);
        using var reader = SmallBatches
            ? new PrefetchingLineReader<HeaderInfo>(source.Open(entry), entry, headers.Annotate, batchChars: 1 << 10, batchLines: 64)
            : new PrefetchingLineReader<HeaderInfo>(source.Open(entry), entry, headers.Annotate);
        var record = new RecordBuffer();
        var unexplained = new UnexplainedLines();
        while (true)
        {
            var more = NextHeader(reader, record, entry, out var header, out var headerLine);
            if (record.Active)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return Emit(record, headers, key, scan.Title, scan.IsGroup, source, folder, unexplained);
            }
            if (!more) break;
            record.Start(header, headerLine);
        }
        if (unexplained.Count > 0)
        {
            // Line numbers and a count only: never the text (it may be a message in a language the catalogue lacks).
            yield return new ExportNoteRead(key, ExportNoteKinds.UnknownNotice, $"{unexplained.Count}: {unexplained.Describe()}");
        }
        yield return new ConversationCompleted(key, scan.Participants);
    }

    /// <summary>
    /// Reads on to the next header line of this platform (kept aside in the record until the current record is
    /// emitted); the continuation lines on the way belong to the current record. False at the end of the file.
    /// Lines are looked at as spans: only what a message keeps becomes a string. A header line stays where the reading
    /// thread decoded it; the record copies it only when the reader moves into another batch before it is emitted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: once per line
    private static bool NextHeader(PrefetchingLineReader<HeaderInfo> reader, RecordBuffer record, string entry, out HeaderInfo header, out long headerLine)
    {
        while (reader.TryReadLineMemory(out var memory, out var parsed))
        {
            if (reader.BatchSerial != record.BatchSerial)
            {
                // The batch the record's header line lies in is still whole now, but not after the next move.
                record.KeepLine();
                record.BatchSerial = reader.BatchSerial;
            }
            if (parsed.IsHeader)
            {
                header = parsed;
                record.SetNext(memory);
                headerLine = reader.LineNumber;
                return true;
            }
            var line = memory.Span;
            if (record.Active)
            {
                record.Append(line, entry, reader.LineNumber);
            }
            else if (line.Trim().Length > 0 && !IsOnlyMarks(line))
            {
                throw NotAHeader(entry, reader.LineNumber);
            }
        }
        header = default;
        headerLine = 0;
        return false;
    }

    internal static bool IsOnlyMarks(ReadOnlySpan<char> line)
    {
        foreach (var c in line)
        {
            if (!WhatsAppHeaderParser.IsMark(c) && !char.IsWhiteSpace(c)) return false;
        }
        return true;
    }

    internal static ExportFormatException NotAHeader(string entry, long line) => new(
        $"Regel {line} van '{entry}' begint niet met een datum en tijd zoals WhatsApp die schrijft. Controleer of dit een ongewijzigde WhatsApp-export is.",
        entry, line);

    /// <summary>
    /// FORMATS.md §1.6 iOS rule: a body that starts with LRM and is neither a media placeholder,
    /// an attachment nor a deletion tombstone is a system notice.
    /// </summary>
    internal static bool IosLrmNotice(ReadOnlySpan<char> line, int bodyStart) => ClassifyLrm(line, bodyStart) == LrmLine.KnownNotice;

    /// <summary>What an iOS body that starts with LRM is (FORMATS.md §1.6).</summary>
    internal enum LrmLine
    {
        /// <summary>No LRM at the start, or media, an attachment, a deletion or a location: a message.</summary>
        Message,

        /// <summary>A notice the catalogue knows.</summary>
        KnownNotice,

        /// <summary>
        /// Neither: a notice in a language the catalogue lacks, or a message iOS marked. It stays what it looks like
        /// (a message, or a notice under the group's name) and is reported with its line number (issue 16: never
        /// silently demoted to a system event or dropped).
        /// </summary>
        Unknown,
    }

    internal static LrmLine ClassifyLrm(ReadOnlySpan<char> line, int bodyStart)
    {
        if (bodyStart >= line.Length || line[bodyStart] != WhatsAppHeaderParser.Lrm) return LrmLine.Message;
        var first = line[bodyStart..].ToString();
        var stripped = WhatsAppMarkers.StripMarks(first);
        if (WhatsAppMarkers.IsTombstone(stripped)
            || WhatsAppMarkers.TryAttachedMarker(stripped, out _, out _)
            || WhatsAppMarkers.TryIosOmitted(first, out _, out _)
            || WhatsAppMarkers.IsMediaOmitted(stripped)
            || WhatsAppNoticeCatalog.Default.IsLocation(stripped))
        {
            return LrmLine.Message;
        }
        return SystemNoticeCatalog.Classify(stripped, out _) is null ? LrmLine.Unknown : LrmLine.KnownNotice;
    }

    /// <summary>Line numbers of lines that are no message, continuation or known notice (the first few kept, all counted).</summary>
    internal sealed class UnexplainedLines
    {
        public const int Kept = 20;
        private readonly List<long> _first = [];

        public long Count { get; private set; }

        public IReadOnlyList<long> First => _first;

        public void Add(long line)
        {
            Count++;
            if (_first.Count < Kept) _first.Add(line);
        }

        public void AddAll(UnexplainedLines later, long lineOffset)
        {
            foreach (var l in later._first)
            {
                if (_first.Count < Kept) _first.Add(l + lineOffset);
            }
            Count += later.Count;
        }

        /// <summary>"12, 40, 41" (and "…" when more were counted than kept).</summary>
        public string Describe() => string.Join(", ", _first) + (Count > _first.Count ? ", …" : "");
    }

    /// <summary>
    /// One string per author name instead of one per message (a busy group has a few dozen names and a million messages),
    /// with whether the name is really the start of an Android notice, decided once per name. The reading thread hands a
    /// name to the emitting thread as a number (<see cref="Name"/>), so that the header facts it stores per line hold no
    /// reference: no write barrier per line, and no batch for the collector to scan at every collection.
    /// </summary>
    private sealed class AuthorNames
    {
        /// <summary>The number of a name not kept (beyond <see cref="MaxNames"/>): it is handed over by its line number.</summary>
        public const int Unkept = -1;

        private const int MaxNames = 2 * MaxParticipants;
        private readonly Dictionary<string, NameFacts> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, NameFacts>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly RecentKeys<char, NameFacts> _recent = new();
        // Written by the reading thread before the line's batch is handed over (a full fence), read by the emitting
        // thread after it took that batch: it sees every name the batch's lines refer to.
        private volatile string[] _byNumber = new string[64];
        private int _count;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<long, string> _unkept = new();

        public AuthorNames(IEnumerable<string> known)
        {
            _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var name in known) Add(name, SystemNoticeCatalog.LooksLikeNoticeNotName(name));
        }

        /// <summary>The number of the name (reading thread).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int Get(ReadOnlySpan<char> name, long line, out bool noticeLike)
        {
            if (_recent.TryGet(name, out var hit))
            {
                noticeLike = hit.NoticeLike;
                return hit.Number;
            }
            if (_lookup.TryGetValue(name, out var known))
            {
                _recent.Put(name, known);
                noticeLike = known.NoticeLike;
                return known.Number;
            }
            var s = name.ToString();
            noticeLike = SystemNoticeCatalog.LooksLikeNoticeNotName(s);
            // Notice-like author slots are not participants; remember a bounded number of them too.
            if (_names.Count < MaxNames)
            {
                var entry = Add(s, noticeLike);
                _recent.Put(name, entry);
                return entry.Number;
            }
            _unkept[line] = s;
            return Unkept;
        }

        /// <summary>The name a number stands for (emitting thread), or the unkept name of that header line.</summary>
        public string Name(int number, long line) =>
            number >= 0 ? _byNumber[number] : _unkept.TryRemove(line, out var s) ? s : throw new InvalidOperationException($"No author for line {line}.");

        private NameFacts Add(string name, bool noticeLike)
        {
            if (_names.TryGetValue(name, out var existing)) return existing;
            var facts = new NameFacts(name, noticeLike, _count);
            var table = _byNumber;
            if (_count == table.Length)
            {
                Array.Resize(ref table, table.Length * 2);
            }
            table[_count++] = name;
            _byNumber = table;
            _names[name] = facts;
            return facts;
        }
    }

    private sealed record NameFacts(string Name, bool NoticeLike, int Number);

    /// <summary>
    /// A header line of this platform as the reading thread leaves it (<see cref="IsHeader"/>; the default value is "not a
    /// header"): where its author and body start, its instant, and its author's number (<see cref="AuthorNames"/>; -2 for
    /// none). A date that does not exist is marked <see cref="Failed"/>, its error kept by the annotator and raised when the
    /// record is emitted, after every item before it, as before. Only what <see cref="Emit"/> needs, and no reference: it is
    /// stored per line in the reading thread's batch and copied to the record without a write barrier.
    /// </summary>
    /// <remarks><see cref="PlainLine"/>: the body on the header line (from <see cref="BodyStart"/>) is not empty, does not end
    /// in ')' and holds none of <see cref="PlainBodyStops"/>, the line-only part of <see cref="IsPlainBody"/>, worked out on
    /// the reading thread so that the emitting thread (the busier one) does not search every body.</remarks>
    private readonly record struct HeaderInfo(bool IsHeader, int BodyStart, int AuthorStart, DateTimeOffset Sent, int Author, bool NoticeLike, bool PlainLine, bool Failed)
    {
        public const int NoAuthor = -2;
    }

    /// <summary>Runs on the reading thread, line by line in file order; its state (clock, day, names) is that thread's alone.</summary>
    private sealed class HeaderAnnotator(WhatsAppPlatform platform, DateOrder order, string entry, IEnumerable<string> participants)
    {
        private readonly AmsterdamClock _clock = new();
        private readonly LastDay _days = new();
        private readonly AuthorNames _names = new(participants);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<long, ExportFormatException> _errors = new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public HeaderInfo Annotate(ReadOnlySpan<char> line, long number)
        {
            if (!WhatsAppHeaderParser.TryParse(line, out var h) || h.Platform != platform) return default;
            DateTimeOffset sent;
            try
            {
                sent = _days.Instant(h, order, entry, number, _clock);
            }
            catch (ExportFormatException e)
            {
                _errors[number] = e;
                return new HeaderInfo(true, h.BodyStart, h.AuthorStart, default, HeaderInfo.NoAuthor, false, false, true);
            }
            var noticeLike = false;
            var author = h.HasAuthor ? _names.Get(line.Slice(h.AuthorStart, h.AuthorLength), number, out noticeLike) : HeaderInfo.NoAuthor;
            return new HeaderInfo(true, h.BodyStart, h.AuthorStart, sent, author, noticeLike, IsPlainLine(line[h.BodyStart..]), false);
        }

        /// <summary>The author of a header line (emitting thread), or null.</summary>
        public string? Author(in HeaderInfo header, long line) => header.Author == HeaderInfo.NoAuthor ? null : _names.Name(header.Author, line);

        /// <summary>The error of a header line marked <see cref="HeaderInfo.Failed"/> (emitting thread).</summary>
        public ExportFormatException Error(long line) => _errors[line];
    }

    private sealed class RecordBuffer
    {
        public bool Active;
        public HeaderInfo Info;
        public long LineNumber;
        public bool HasMore;
        /// <summary>The reader's <see cref="PrefetchingLineReader{T}.BatchSerial"/> at the last line looked at.</summary>
        public int BatchSerial;
        // The header line: in the reader's batch (valid while the reader is in that batch or the next), or in _kept.
        private ReadOnlyMemory<char> _line;
        private bool _lineKept;
        private ReadOnlyMemory<char> _next;
        private char[] _kept = new char[256];
        private char[] _more = new char[1024];
        private int _moreLength;

        /// <summary>The record's header line.</summary>
        public ReadOnlySpan<char> Line => _line.Span;

        /// <summary>The continuation lines, each after a line feed (so it starts with one), or empty.</summary>
        public ReadOnlySpan<char> More => _more.AsSpan(0, _moreLength);

        /// <summary>The header line of the record after this one, in the reader's batch, while this one is still being emitted.</summary>
        public void SetNext(ReadOnlyMemory<char> line) => _next = line;

        /// <summary>Copies the header line out of the reader's batch, before the reader reuses that batch.</summary>
        public void KeepLine()
        {
            if (!Active || _lineKept) return;
            if (_kept.Length < _line.Length) _kept = new char[Math.Max(_line.Length, _kept.Length * 2)];
            _line.Span.CopyTo(_kept);
            _line = _kept.AsMemory(0, _line.Length);
            _lineKept = true;
        }

        public void Start(HeaderInfo header, long lineNumber)
        {
            _line = _next;
            _next = default;
            _lineKept = false;
            Active = true;
            Info = header;
            LineNumber = lineNumber;
            HasMore = false;
            _moreLength = 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Append(ReadOnlySpan<char> line, string entry, long lineNumber)
        {
            var needed = _moreLength + 1 + line.Length;
            if (needed + _line.Length > MaxRecordChars)
            {
                throw new ExportFormatException(
                    $"Het bericht dat op regel {LineNumber} van '{entry}' begint, is groter dan {MaxRecordChars >> 20} MB. Dit is geen geldige chatexport of het bestand is beschadigd.",
                    entry, lineNumber);
            }
            if (needed > _more.Length) Array.Resize(ref _more, Math.Max(needed, _more.Length * 2));
            _more[_moreLength] = '\n';
            line.CopyTo(_more.AsSpan(_moreLength + 1));
            _moreLength = needed;
            HasMore = true;
        }
    }

    /// <summary>
    /// One record to one item. Works on spans of the record and makes only the strings the item keeps (one text per
    /// message, also for a message of many lines); the rare paths (notices, iOS forms) make what they need.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: once per message
    private ExportItem Emit(RecordBuffer r, HeaderAnnotator headers, string key, string title, bool isGroup, IExportSource source, string folder, UnexplainedLines unexplained)
    {
        if (r.Info.Failed) throw headers.Error(r.LineNumber);
        var h = r.Info;
        var sent = r.Info.Sent;
        var author = headers.Author(r.Info, r.LineNumber);
        var first = r.Line[h.BodyStart..];

        if (author is not null && Platform == WhatsAppPlatform.Android && r.Info.NoticeLike)
        {
            first = r.Line[h.AuthorStart..];
            author = null;
        }

        if (author is not null && IsPlainBody(first, r, isGroup && author == title))
        {
            // The common case: a body with nothing WhatsApp writes into it. Every check below would say "text as typed".
            if (!r.HasMore)
            {
                // One line without '<': every edit marker starts with '<' (WhatsAppMarkers), so there is none to strip.
                return new MessageRead(key, new CanonicalMessage(author, sent, new string(first), []), r.LineNumber);
            }
            var plain = string.Concat(first, r.More);
            var plainEdited = WhatsAppMarkers.TryStripEditMarker(plain, out var plainWithoutMarker);
            return new MessageRead(key, new CanonicalMessage(author, sent, plainEdited ? plainWithoutMarker : plain, [], Edited: plainEdited), r.LineNumber);
        }

        if (author is null)
        {
            var notice = SystemEvent(key, WhatsAppMarkers.StripMarks(string.Concat(first, r.More)), sent, r.LineNumber, null);
            if (notice.Event.Kind == SystemEventKind.Other && SystemNoticeCatalog.Classify(notice.Event.Text, out _) is null) unexplained.Add(r.LineNumber);
            return notice;
        }

        ReadOnlySpan<char> strippedFirst = first.Contains(WhatsAppHeaderParser.Lrm) ? WhatsAppMarkers.StripMarks(first.ToString()) : first;
        if (!r.HasMore && WhatsAppMarkers.IsTombstone(strippedFirst))
        {
            return new MessageRead(key, new CanonicalMessage(author, sent, "", [], Deleted: true), r.LineNumber);
        }

        if (Platform == WhatsAppPlatform.Ios)
        {
            // FORMATS.md §1.6, both rules: a body that starts with LRM (not media, not a tombstone), or, in a group,
            // a catalogue notice under the group's name. Not in a 1:1 chat: there the contact's name IS the title,
            // and a typed "ik heb de groep verlaten" must stay a message.
            var lrm = ClassifyLrm(r.Line, h.BodyStart);
            if (lrm == LrmLine.KnownNotice || (isGroup && author == title && !r.HasMore && SystemNoticeCatalog.Classify(strippedFirst.ToString(), out _) is not null))
            {
                return SystemEvent(key, WhatsAppMarkers.StripMarks(string.Concat(first, r.More)), sent, r.LineNumber, author);
            }
            if (lrm == LrmLine.Unknown)
            {
                unexplained.Add(r.LineNumber);
                // Under the group's name it can only be a notice; under a person's name it stays their message.
                if (isGroup && author == title)
                {
                    return SystemEvent(key, WhatsAppMarkers.StripMarks(string.Concat(first, r.More)), sent, r.LineNumber, author);
                }
            }
        }
        else if (first.Length > 0 && first[0] == '<' && WhatsAppMarkers.LooksLikeUnknownPlaceholder(strippedFirst))
        {
            unexplained.Add(r.LineNumber); // "<…>" as WhatsApp writes placeholders, in no catalogued language: kept as text, reported
        }

        IReadOnlyList<AttachmentRef> attachments = [];
        string text;
        if (WhatsAppMarkers.IsMediaOmitted(strippedFirst))
        {
            // FORMATS.md §1.5: a document name or caption follows on the next line; they cannot be told apart, so it is the text.
            attachments = [new AttachmentRef("", null, null, null, false)];
            text = Rest(r);
        }
        else if (WhatsAppMarkers.TryFileAttached(strippedFirst, out var fileName))
        {
            attachments = [Attachment(source, folder, fileName)];
            text = Rest(r);
        }
        else if (WhatsAppMarkers.TryAttachedMarker(strippedFirst, out var before, out var iosName))
        {
            attachments = [Attachment(source, folder, iosName)];
            text = Join(before, r);
        }
        else if (Platform == WhatsAppPlatform.Ios && WhatsAppMarkers.TryIosOmitted(first.ToString(), out var kindWord, out var description))
        {
            attachments = [new AttachmentRef("", WhatsAppMarkers.KindToMediaType(kindWord), null, null, false)];
            text = Join(description, r);
        }
        else
        {
            // The text as typed: the first line without WhatsApp's leading marks, then the continuation lines.
            text = string.Concat(StripLeadingMarks(first), r.More);
        }

        var edited = WhatsAppMarkers.TryStripEditMarker(text, out var withoutMarker);
        if (edited) text = withoutMarker;
        return new MessageRead(key, new CanonicalMessage(author, sent, text, attachments, Edited: edited), r.LineNumber);
    }

    /// <summary>
    /// A first line that no marker rule of <see cref="Emit"/> can match: no LRM/RLM/BOM (iOS notices and placeholders,
    /// marks to strip), no '&lt;' (Android placeholders, iOS attachments), not ending in ')' (Android "file attached"),
    /// not a length a deletion notice can have, not empty (an empty body may be media on the next line), and not under
    /// an iOS group's own name (its notices). The edit marker is still checked on the whole text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool IsPlainBody(ReadOnlySpan<char> first, RecordBuffer r, bool underGroupName)
    {
        if (!r.Info.PlainLine || (Platform == WhatsAppPlatform.Ios && underGroupName)) return false;
        var catalog = WhatsAppNoticeCatalog.Default;
        return r.HasMore || first.Length < catalog.MinDeletedLength - 4 || first.Length > catalog.MaxDeletedLength + 8;
    }

    /// <summary>The part of <see cref="IsPlainBody"/> that depends on the header line alone (run on the reading thread).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsPlainLine(ReadOnlySpan<char> body) =>
        !body.IsEmpty && body[^1] != ')' && body.IndexOfAny(PlainBodyStops) < 0;

    private static readonly System.Buffers.SearchValues<char> PlainBodyStops =
        System.Buffers.SearchValues.Create([WhatsAppHeaderParser.Lrm, WhatsAppHeaderParser.Rlm, WhatsAppHeaderParser.Bom, '<']);

    /// <summary>The continuation lines without the line feed before the first, or "".</summary>
    private static string Rest(RecordBuffer r) => r.HasMore ? new string(r.More[1..]) : "";

    private static string Join(string before, RecordBuffer r) =>
        !r.HasMore ? before : before.Length == 0 ? new string(r.More[1..]) : string.Concat(before, r.More);

    /// <summary>WhatsApp's own marks at the start of a body are formatting, not what the person typed (FORMATS.md §1.4).</summary>
    private static ReadOnlySpan<char> StripLeadingMarks(ReadOnlySpan<char> s)
    {
        var i = 0;
        while (i < s.Length && WhatsAppHeaderParser.IsMark(s[i])) i++;
        return s[i..];
    }

    private static SystemEventRead SystemEvent(string key, string text, DateTimeOffset at, long line, string? slotName)
    {
        var kind = SystemNoticeCatalog.Classify(text, out var actor) ?? SystemEventKind.Other;
        // iOS: the author slot holds the acting person for "created group"/"changed icon", else the chat name (FORMATS.md §1.6).
        return new SystemEventRead(key, new SystemEvent(kind, at, actor ?? slotName, text), line);
    }

    // A name that climbs out of the export (zip slip rule) is treated as not in the export.
    private static AttachmentRef Attachment(IExportSource source, string folder, string fileName) =>
        ExportAttachments.FromEntry(source,
            fileName.Contains("..", StringComparison.Ordinal) || fileName.StartsWith('/') ? null : folder + fileName,
            fileName);

    /// <summary>
    /// The day of the last header, kept: consecutive messages mostly share a day, so its date is checked once, and on a
    /// day without a clock change (all but two a year) the instant is the wall-clock time with that day's offset.
    /// </summary>
    private sealed class LastDay
    {
        private int _first = -1, _second = -1, _third = -1;
        private long _ticks;
        private bool _plain;
        private TimeSpan _offset;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public DateTimeOffset Instant(in WhatsAppHeader h, DateOrder order, string entry, long line, AmsterdamClock clock)
        {
            if (h.First != _first || h.Second != _second || h.Third != _third)
            {
                var midnight = WhatsAppTextReader.WallClock(h with { Hour = 0, Minute = 0, Second2 = 0 }, order, entry, line);
                _ticks = midnight.Ticks;
                _plain = clock.IsPlainDay(DateOnly.FromDateTime(midnight), out _offset);
                (_first, _second, _third) = (h.First, h.Second, h.Third);
            }
            // Hour, minute and second were checked by the header parser (0–23, 0–59, 0–59).
            var wallClock = new DateTime(_ticks + h.Hour * TimeSpan.TicksPerHour + h.Minute * TimeSpan.TicksPerMinute + h.Second2 * TimeSpan.TicksPerSecond,
                DateTimeKind.Unspecified);
            // A change day goes through the clock, which keeps that night's order (the autumn hour that comes twice).
            return _plain ? new DateTimeOffset(wallClock, _offset) : clock.ToInstant(wallClock);
        }
    }

    private static DateTime WallClock(in WhatsAppHeader h, DateOrder order, string entry, long line)
    {
        int year, month, day;
        switch (order)
        {
            case DateOrder.YearMonthDay:
                (year, month, day) = (h.First, h.Second, h.Third);
                break;
            case DateOrder.MonthDayYear:
                (month, day, year) = (h.First, h.Second, h.Third);
                break;
            default:
                (day, month, year) = (h.First, h.Second, h.Third);
                break;
        }
        if (year < 100) year += 2000; // FORMATS.md §1.2: two digits mean 20yy
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw new ExportFormatException(
                $"Regel {line} van '{entry}' heeft een datum die niet bestaat ({h.First}-{h.Second}-{h.Third}). Controleer de datumvolgorde (--date-order) of het bestand.",
                entry, line);
        }
        return new DateTime(year, month, day, h.Hour, h.Minute, h.Second2, DateTimeKind.Unspecified);
    }
}
