using System.IO.Compression;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Text;

namespace ChatArchive.Ingestion.Sources;

/// <summary>
/// An export shared as a zip (WhatsApp iOS always, Android "with media"; FORMATS.md §1.1), opened
/// safely: every check happens when the source is opened, before any reader runs.
/// Refused: entry names with "..", absolute names or drive letters (zip slip), more entries, more
/// total size or a higher compression ratio than <see cref="ZipLimits"/> (zip bomb), and a damaged
/// or truncated archive. <c>__MACOSX/</c> (a Mac's resource forks, FORMATS.md §1.1) is ignored.
/// While reading, an entry that inflates beyond its declared size is cut off with an error too:
/// the declared sizes of a crafted zip cannot be trusted.
/// Entries may be read from two threads at once (a reader reads its chat file ahead on a second thread while
/// attachments are hashed): every entry stream shares the one archive stream, so opening, reading and closing
/// go through one lock.
/// </summary>
public sealed class ZipExportSource : IExportSource
{
    private readonly FileStream _file;
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ZipExportSource(string path, ZipLimits? limits = null)
    {
        limits ??= ZipLimits.Default;
        var full = Path.GetFullPath(path);
        DisplayName = Path.GetFileName(full);
        if (!File.Exists(full))
        {
            throw new ExportFormatException($"Bestand '{DisplayName}' bestaat niet. Controleer het pad.", DisplayName);
        }
        _file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            _zip = new ZipArchive(_file, ZipArchiveMode.Read, leaveOpen: false);
            Validate(limits);
        }
        catch (InvalidDataException e)
        {
            _file.Dispose();
            throw Damaged(e);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
        Entries = _entries.Keys.Order(StringComparer.Ordinal).ToList();
    }

    public string DisplayName { get; }

    public IReadOnlyList<string> Entries { get; }

    public bool Exists(string entry) => _entries.ContainsKey(entry);

    public long Length(string entry) => Get(entry).Length;

    public Stream Open(string entry)
    {
        var e = Get(entry);
        try
        {
            lock (_gate)
            {
                return new CheckedEntryStream(e.Open(), e.Length, entry, DisplayName, _gate);
            }
        }
        catch (InvalidDataException ex)
        {
            throw Damaged(ex);
        }
    }

    public void Dispose() => _zip.Dispose();

    private ZipArchiveEntry Get(string entry) => _entries.TryGetValue(entry, out var e)
        ? e
        : throw new ExportFormatException($"'{entry}' ontbreekt in export '{DisplayName}'.", DisplayName);

    private ExportFormatException Damaged(Exception e) => new(
        $"Het zip-bestand '{DisplayName}' is beschadigd of onvolledig (misschien afgebroken tijdens het kopiëren). Kopieer of exporteer het opnieuw en probeer het nog eens.",
        DisplayName, null, e);

    private void Validate(ZipLimits limits)
    {
        if (_zip.Entries.Count > limits.MaxEntries)
        {
            throw new ExportFormatException(
                $"Het zip-bestand '{DisplayName}' bevat {_zip.Entries.Count} bestanden; meer dan {limits.MaxEntries} wordt geweigerd (mogelijk een zip-bom). Controleer de export.",
                DisplayName);
        }
        long total = 0;
        string? chatFile = null;
        foreach (var e in _zip.Entries)
        {
            var name = e.FullName.Replace('\\', '/');
            if (IsUnsafe(name))
            {
                throw new ExportFormatException(
                    $"Het zip-bestand '{DisplayName}' bevat een bestandsnaam die buiten de export wijst ('{name}'). Zo'n bestand wordt niet geopend; gebruik de export zoals de app die maakte.",
                    DisplayName);
            }
            if (name.EndsWith('/') || name.StartsWith("__MACOSX/", StringComparison.Ordinal)) continue;
            if (IsSymbolicLink(e))
            {
                // A link's target is a path outside the zip's control (zip slip through a link); no app exports one.
                throw new ExportFormatException(
                    $"Het zip-bestand '{DisplayName}' bevat '{name}' als symbolische koppeling (een verwijzing naar een ander bestand, mogelijk buiten de export). Zo'n zip wordt niet geopend; gebruik de export zoals de app die maakte.",
                    DisplayName);
            }
            if (name == "_chat.txt" || name.EndsWith("/_chat.txt", StringComparison.Ordinal))
            {
                if (chatFile is not null)
                {
                    throw new ExportFormatException(
                        $"Het zip-bestand '{DisplayName}' bevat twee WhatsApp-chatbestanden ('{chatFile}' en '{name}'). Eén export hoort één chat te bevatten; upload elke chat apart.",
                        DisplayName);
                }
                chatFile = name;
            }
            total += e.Length;
            if (total > limits.MaxTotalUncompressedBytes)
            {
                throw new ExportFormatException(
                    $"Het zip-bestand '{DisplayName}' pakt uit tot meer dan {limits.MaxTotalUncompressedBytes >> 30} GB; dat wordt geweigerd (mogelijk een zip-bom). Controleer de export.",
                    DisplayName);
            }
            if (e.Length >= limits.RatioCheckFromBytes && e.Length > limits.MaxCompressionRatio * Math.Max(1, e.CompressedLength))
            {
                throw new ExportFormatException(
                    $"'{name}' in zip-bestand '{DisplayName}' is meer dan {limits.MaxCompressionRatio:0} keer samengeperst; dat wordt geweigerd (mogelijk een zip-bom). Controleer de export.",
                    DisplayName);
            }
            if (!_entries.TryAdd(name, e))
            {
                throw new ExportFormatException(
                    $"Het zip-bestand '{DisplayName}' bevat '{name}' twee keer. Gebruik de export zoals de app die maakte.", DisplayName);
            }
        }
    }

    /// <summary>A Unix symbolic link: the file type bits (S_IFLNK) in the high half of the external attributes, as zip tools on Unix store them.</summary>
    private static bool IsSymbolicLink(ZipArchiveEntry e) => ((e.ExternalAttributes >> 16) & 0xF000) == 0xA000;

    /// <summary>Zip slip: ".." segments, absolute names, drive letters (CWE-22).</summary>
    private static bool IsUnsafe(string name) =>
        name.Length == 0
        || name.StartsWith('/')
        || (name.Length >= 2 && name[1] == ':')
        || name.Split('/').Any(s => s == "..")
        || name.Contains('\0');

    /// <summary>Reads an entry and stops it at its declared size; turns inflate errors into a Dutch message.</summary>
    private sealed class CheckedEntryStream(Stream inner, long declared, string entry, string zipName, Lock gate) : ReadOnlyWrapperStream(inner)
    {
        private long _read;

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                lock (gate)
                {
                    n = Inner.Read(buffer);
                }
            }
            catch (InvalidDataException e)
            {
                throw new ExportFormatException(
                    $"'{entry}' in zip-bestand '{zipName}' is beschadigd of onvolledig. Kopieer of exporteer het opnieuw en probeer het nog eens.",
                    zipName, null, e);
            }
            _read += n;
            if (_read > declared)
            {
                throw new ExportFormatException(
                    $"'{entry}' in zip-bestand '{zipName}' is groter dan het zip-bestand opgeeft (mogelijk een zip-bom). Het wordt niet verder gelezen.",
                    zipName);
            }
            return n;
        }

        public override long Length => declared;

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        protected override void Dispose(bool disposing)
        {
            lock (gate)
            {
                base.Dispose(disposing);
            }
        }
    }
}
