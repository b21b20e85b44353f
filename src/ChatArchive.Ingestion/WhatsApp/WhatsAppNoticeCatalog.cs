using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>
/// The fixed texts WhatsApp writes into an export in each phone language (deletion notices, media placeholders,
/// locations, well-known notices), read once from the data file <c>Catalog/whatsapp-notices.json</c> (embedded).
/// A new language is a change to that file, not to the reader. Provenance per language is in the file.
/// The file is read with one forward pass of a <see cref="Utf8JsonReader"/> into plain arrays (the exact phrases in
/// buckets by length): a parse is a short process and every start-up millisecond counts in its time, so no
/// document tree, LINQ or frozen collections are built at start (issue 16, parse speed).
/// </summary>
public sealed class WhatsAppNoticeCatalog
{
    private const string Resource = "ChatArchive.Ingestion.WhatsApp.Catalog.whatsapp-notices.json";

    /// <summary>The catalogue shipped with the reader.</summary>
    public static WhatsAppNoticeCatalog Default { get; } = Load();

    private static int _loadStarted;

    /// <summary>
    /// Starts reading <see cref="Default"/> on a pool thread (once per process) and returns at once. A reader calls this
    /// before work that does not need the catalogue, so the catalogue is ready (or being finished) when it does; a
    /// thread that asks for <see cref="Default"/> meanwhile waits for the same load, never a second one.
    /// </summary>
    public static void LoadInBackground()
    {
        if (Interlocked.Exchange(ref _loadStarted, 1) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static _ => _ = Default, null);
    }

    private readonly PhrasesByLength _deleted;
    private readonly PhrasesByLength _mediaOmitted;
    private readonly string[] _iosOmitted;
    private readonly string[] _iosOmittedTypes;
    private readonly string[] _location;
    private readonly string[] _notices;
    private readonly SystemEventKind[] _noticeKinds;

    private WhatsAppNoticeCatalog(Lists lists)
    {
        Languages = lists.Languages.ToArray();
        var deleted = lists.Deleted.ToArray();
        for (var i = 0; i < deleted.Length; i++) deleted[i] = Fold(deleted[i]);
        _deleted = new PhrasesByLength(deleted, StringComparison.OrdinalIgnoreCase);
        _mediaOmitted = new PhrasesByLength(lists.MediaOmitted.ToArray(), StringComparison.Ordinal);
        // Longest first: "GIF-анімацію пропущено" before a shorter phrase it ends with (a stable sort: equal lengths keep file order).
        _iosOmitted = lists.IosOmitted.ToArray();
        _iosOmittedTypes = lists.IosOmittedTypes.ToArray();
        for (var i = 1; i < _iosOmitted.Length; i++)
        {
            var (phrase, type) = (_iosOmitted[i], _iosOmittedTypes[i]);
            var j = i - 1;
            for (; j >= 0 && _iosOmitted[j].Length < phrase.Length; j--)
            {
                _iosOmitted[j + 1] = _iosOmitted[j];
                _iosOmittedTypes[j + 1] = _iosOmittedTypes[j];
            }
            _iosOmitted[j + 1] = phrase;
            _iosOmittedTypes[j + 1] = type;
        }
        _location = lists.Location.ToArray();
        _notices = lists.Notices.ToArray();
        // Kinds by name, not Enum.Parse<T> (a generic instance over another assembly's enum is compiled at start).
        _noticeKinds = new SystemEventKind[_notices.Length];
        for (var i = 0; i < _noticeKinds.Length; i++) _noticeKinds[i] = (SystemEventKind)Enum.Parse(typeof(SystemEventKind), lists.NoticeKinds[i]);
        MinDeletedLength = _deleted.MinLength;
        MaxDeletedLength = _deleted.MaxLength + 2;
        MinMediaOmittedLength = _mediaOmitted.MinLength;
        MaxMediaOmittedLength = _mediaOmitted.MaxLength + 2;
    }

    /// <summary>The phone languages the catalogue knows (ISO 639-1).</summary>
    public IReadOnlyList<string> Languages { get; }

    public int MinDeletedLength { get; }
    public int MaxDeletedLength { get; }
    public int MinMediaOmittedLength { get; }
    public int MaxMediaOmittedLength { get; }

    /// <summary>A whole body (marks stripped) that is a "message deleted" notice, with or without the final period.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsDeleted(ReadOnlySpan<char> strippedBody)
    {
        var b = strippedBody.Trim();
        if (b.EndsWith('.')) b = b[..^1];
        if (b.Length < MinDeletedLength || b.Length > MaxDeletedLength) return false;
        // Checked for every short message: a span lookup, no string made.
        return b.Contains('’') ? _deleted.Contains(Fold(b.ToString())) : _deleted.Contains(b);
    }

    /// <summary>Android's "&lt;Media omitted&gt;" in any catalogued language (a whole first line).</summary>
    public bool IsMediaOmitted(ReadOnlySpan<char> strippedFirstLine)
    {
        var l = strippedFirstLine.Trim();
        if (l.Length < MinMediaOmittedLength || l.Length > MaxMediaOmittedLength || l[0] != '<') return false;
        return _mediaOmitted.Contains(l);
    }

    /// <summary>
    /// An iOS placeholder ("image omitted", "Bild weggelassen", "لم يتم إدراج الصورة") at the end of a stripped first line:
    /// its media type ("" when unknown) and the description before it ("Nota.pdf • 3 pagina's").
    /// </summary>
    public bool TryIosOmitted(string strippedFirstLine, out string? mediaType, out string before)
    {
        var l = strippedFirstLine.AsSpan().Trim();
        for (var i = 0; i < _iosOmitted.Length; i++)
        {
            var (phrase, type) = (_iosOmitted[i], _iosOmittedTypes[i]);
            if (!l.EndsWith(phrase, StringComparison.OrdinalIgnoreCase)) continue;
            var head = l[..^phrase.Length];
            if (head.Length > 0 && !char.IsWhiteSpace(head[^1])) continue;
            mediaType = type.Length == 0 ? null : type;
            before = head.Trim().TrimEnd('•').Trim().ToString();
            return true;
        }
        mediaType = null;
        before = "";
        return false;
    }

    /// <summary>A shared location: "Location: https://maps…" in any catalogued language, or any body that is a maps link.</summary>
    public bool IsLocation(string strippedFirstLine)
    {
        var l = strippedFirstLine.AsSpan().Trim();
        foreach (var p in _location)
        {
            if (l.StartsWith(p, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return l.Contains("maps.google.", StringComparison.OrdinalIgnoreCase)
               || l.Contains("maps.apple.com", StringComparison.OrdinalIgnoreCase)
               || l.Contains("goo.gl/maps", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A well-known notice of any catalogued language by a stable part of its wording, or null.</summary>
    public SystemEventKind? ClassifyNotice(string strippedText)
    {
        for (var i = 0; i < _notices.Length; i++)
        {
            if (strippedText.Contains(_notices[i], StringComparison.OrdinalIgnoreCase)) return _noticeKinds[i];
        }
        return null;
    }

    // The apostrophe and case vary between app versions; letters do not.
    private static string Fold(string s) => s.Replace('’', '\'');

    private static WhatsAppNoticeCatalog Load()
    {
        using var stream = typeof(WhatsAppNoticeCatalog).Assembly.GetManifestResourceStream(Resource)
                           ?? throw new InvalidOperationException($"Embedded resource {Resource} is missing.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var lists = new Lists();
        var json = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        Expect(ref json, JsonTokenType.StartObject);
        while (Next(ref json) == JsonTokenType.PropertyName)
        {
            if (!json.ValueTextEquals("languages"u8))
            {
                json.Read();
                json.Skip(); // "about" and any other note
                continue;
            }
            Expect(ref json, JsonTokenType.StartObject);
            while (Next(ref json) == JsonTokenType.PropertyName)
            {
                lists.Languages.Add(json.GetString()!);
                ReadLanguage(ref json, lists);
            }
            Ended(ref json, JsonTokenType.EndObject);
        }
        Ended(ref json, JsonTokenType.EndObject);
        return new WhatsAppNoticeCatalog(lists);
    }

    /// <summary>One language's object: each list or map of the file into the lists (a missing one is an error, as before).</summary>
    private static void ReadLanguage(ref Utf8JsonReader json, Lists lists)
    {
        var seen = 0;
        Expect(ref json, JsonTokenType.StartObject);
        while (Next(ref json) == JsonTokenType.PropertyName)
        {
            if (json.ValueTextEquals("deleted"u8))
            {
                seen |= 1;
                ReadArray(ref json, lists.Deleted);
            }
            else if (json.ValueTextEquals("mediaOmitted"u8))
            {
                seen |= 2;
                ReadArray(ref json, lists.MediaOmitted);
            }
            else if (json.ValueTextEquals("location"u8))
            {
                seen |= 4;
                ReadArray(ref json, lists.Location);
            }
            else if (json.ValueTextEquals("iosOmitted"u8))
            {
                seen |= 8;
                ReadMap(ref json, lists.IosOmitted, lists.IosOmittedTypes);
            }
            else if (json.ValueTextEquals("notices"u8))
            {
                seen |= 16;
                ReadMap(ref json, lists.Notices, lists.NoticeKinds);
            }
            else
            {
                json.Read();
                json.Skip(); // "source"
            }
        }
        Ended(ref json, JsonTokenType.EndObject);
        if (seen != 31) throw new InvalidOperationException($"{Resource}: the language '{lists.Languages[^1]}' lacks one of deleted, mediaOmitted, location, iosOmitted, notices.");
    }

    private static void ReadArray(ref Utf8JsonReader json, List<string> into)
    {
        Expect(ref json, JsonTokenType.StartArray);
        while (Next(ref json) == JsonTokenType.String) into.Add(json.GetString()!);
        Ended(ref json, JsonTokenType.EndArray);
    }

    private static void ReadMap(ref Utf8JsonReader json, List<string> names, List<string> values)
    {
        Expect(ref json, JsonTokenType.StartObject);
        while (Next(ref json) == JsonTokenType.PropertyName)
        {
            names.Add(json.GetString()!);
            Expect(ref json, JsonTokenType.String);
            values.Add(json.GetString()!);
        }
        Ended(ref json, JsonTokenType.EndObject);
    }

    private static JsonTokenType Next(ref Utf8JsonReader json) =>
        json.Read() ? json.TokenType : throw new InvalidOperationException($"{Resource} ends early.");

    private static void Expect(ref Utf8JsonReader json, JsonTokenType type)
    {
        if (Next(ref json) != type) throw new InvalidOperationException($"{Resource}: {type} expected at byte {json.TokenStartIndex}, {json.TokenType} found.");
    }

    /// <summary>A list or map must end where its items stop (not on a token of another kind).</summary>
    private static void Ended(ref Utf8JsonReader json, JsonTokenType end)
    {
        if (json.TokenType != end) throw new InvalidOperationException($"{Resource}: {end} expected at byte {json.TokenStartIndex}, {json.TokenType} found.");
    }

    private sealed class Lists
    {
        public readonly List<string> Languages = [];
        public readonly List<string> Deleted = [];
        public readonly List<string> MediaOmitted = [];
        public readonly List<string> IosOmitted = [];
        public readonly List<string> IosOmittedTypes = [];
        public readonly List<string> Location = [];
        public readonly List<string> Notices = [];
        public readonly List<string> NoticeKinds = [];
    }

    /// <summary>
    /// Whole phrases in buckets by length: a lookup compares only the few phrases of the asked length (a span, no
    /// string made), which costs no more than a hash set and needs nothing built at start.
    /// </summary>
    private sealed class PhrasesByLength
    {
        private readonly string[][] _byLength;
        private readonly StringComparison _comparison;

        public PhrasesByLength(string[] phrases, StringComparison comparison)
        {
            if (phrases.Length == 0) throw new InvalidOperationException($"{Resource}: an empty list of phrases.");
            _comparison = comparison;
            MinLength = int.MaxValue;
            foreach (var p in phrases)
            {
                MinLength = Math.Min(MinLength, p.Length);
                MaxLength = Math.Max(MaxLength, p.Length);
            }
            var counts = new int[MaxLength - MinLength + 1];
            foreach (var p in phrases) counts[p.Length - MinLength]++;
            _byLength = new string[counts.Length][];
            for (var i = 0; i < counts.Length; i++) _byLength[i] = counts[i] == 0 ? [] : new string[counts[i]];
            foreach (var p in phrases) _byLength[p.Length - MinLength][--counts[p.Length - MinLength]] = p;
        }

        public int MinLength { get; }
        public int MaxLength { get; }

        public bool Contains(ReadOnlySpan<char> s)
        {
            if (s.Length < MinLength || s.Length > MaxLength) return false;
            foreach (var p in _byLength[s.Length - MinLength])
            {
                if (s.Equals(p, _comparison)) return true;
            }
            return false;
        }
    }
}
