using System.Runtime.CompilerServices;
using System.Collections.Frozen;
using System.Text.Json;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>
/// The fixed texts WhatsApp writes into an export in each phone language (deletion notices, media placeholders,
/// locations, well-known notices), read once from the data file <c>Catalog/whatsapp-notices.json</c> (embedded).
/// A new language is a change to that file, not to the reader. Provenance per language is in the file.
/// </summary>
public sealed class WhatsAppNoticeCatalog
{
    private const string Resource = "ChatArchive.Ingestion.WhatsApp.Catalog.whatsapp-notices.json";

    /// <summary>The catalogue shipped with the reader.</summary>
    public static WhatsAppNoticeCatalog Default { get; } = Load();

    private readonly FrozenSet<string> _deleted;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _deletedLookup;
    private readonly FrozenSet<string> _mediaOmitted;
    private readonly (string Phrase, string MediaType)[] _iosOmitted;
    private readonly string[] _location;
    private readonly (string Phrase, SystemEventKind Kind)[] _notices;

    private WhatsAppNoticeCatalog(IReadOnlyList<string> languages, IEnumerable<string> deleted, IEnumerable<string> mediaOmitted,
        IEnumerable<(string, string)> iosOmitted, IEnumerable<string> location, IEnumerable<(string, SystemEventKind)> notices)
    {
        Languages = languages;
        _deleted = deleted.Select(Fold).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _deletedLookup = _deleted.GetAlternateLookup<ReadOnlySpan<char>>();
        _mediaOmitted = mediaOmitted.ToFrozenSet(StringComparer.Ordinal);
        // Longest first: "GIF-анімацію пропущено" before a shorter phrase it ends with.
        _iosOmitted = iosOmitted.OrderByDescending(p => p.Item1.Length).ToArray();
        _location = location.ToArray();
        _notices = notices.ToArray();
        MinDeletedLength = _deleted.Min(d => d.Length);
        MaxDeletedLength = _deleted.Max(d => d.Length) + 2;
        MinMediaOmittedLength = _mediaOmitted.Min(m => m.Length);
        MaxMediaOmittedLength = _mediaOmitted.Max(m => m.Length) + 2;
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
        return b.Contains('’') ? _deleted.Contains(Fold(b.ToString())) : _deletedLookup.Contains(b);
    }

    /// <summary>Android's "&lt;Media omitted&gt;" in any catalogued language (a whole first line).</summary>
    public bool IsMediaOmitted(ReadOnlySpan<char> strippedFirstLine)
    {
        var l = strippedFirstLine.Trim();
        if (l.Length < MinMediaOmittedLength || l.Length > MaxMediaOmittedLength || l[0] != '<') return false;
        return _mediaOmitted.GetAlternateLookup<ReadOnlySpan<char>>().Contains(l);
    }

    /// <summary>
    /// An iOS placeholder ("image omitted", "Bild weggelassen", "لم يتم إدراج الصورة") at the end of a stripped first line:
    /// its media type ("" when unknown) and the description before it ("Nota.pdf • 3 pagina's").
    /// </summary>
    public bool TryIosOmitted(string strippedFirstLine, out string? mediaType, out string before)
    {
        var l = strippedFirstLine.AsSpan().Trim();
        foreach (var (phrase, type) in _iosOmitted)
        {
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
        foreach (var (phrase, kind) in _notices)
        {
            if (strippedText.Contains(phrase, StringComparison.OrdinalIgnoreCase)) return kind;
        }
        return null;
    }

    // The apostrophe and case vary between app versions; letters do not.
    private static string Fold(string s) => s.Replace('’', '\'');

    private static WhatsAppNoticeCatalog Load()
    {
        using var stream = typeof(WhatsAppNoticeCatalog).Assembly.GetManifestResourceStream(Resource)
                           ?? throw new InvalidOperationException($"Embedded resource {Resource} is missing.");
        using var doc = JsonDocument.Parse(stream);
        var languages = new List<string>();
        var deleted = new List<string>();
        var media = new List<string>();
        var ios = new List<(string, string)>();
        var location = new List<string>();
        var notices = new List<(string, SystemEventKind)>();
        foreach (var lang in doc.RootElement.GetProperty("languages").EnumerateObject())
        {
            languages.Add(lang.Name);
            var v = lang.Value;
            deleted.AddRange(v.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()!));
            media.AddRange(v.GetProperty("mediaOmitted").EnumerateArray().Select(e => e.GetString()!));
            ios.AddRange(v.GetProperty("iosOmitted").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)));
            location.AddRange(v.GetProperty("location").EnumerateArray().Select(e => e.GetString()!));
            notices.AddRange(v.GetProperty("notices").EnumerateObject().Select(p => (p.Name, Enum.Parse<SystemEventKind>(p.Value.GetString()!))));
        }
        return new WhatsAppNoticeCatalog(languages, deleted, media, ios, location, notices);
    }
}
