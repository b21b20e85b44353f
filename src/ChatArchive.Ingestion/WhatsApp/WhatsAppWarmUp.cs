using System.Text;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>
/// Compiles the WhatsApp parse path ahead, on a pool thread, while the calling thread is still choosing the reader
/// (issue 16, parse speed). The hot loops of both passes are marked AggressiveOptimization, so they are not in the
/// ReadyToRun image and are compiled by the JIT on first use: about 55 methods, among them the header parser for bytes
/// and for characters. Without this, that compilation happens on the thread that detects the format and then on the
/// thread that emits the items, where a parse spends its time; the second core is idle while the format is detected.
/// The warm-up reads a tiny built-in export (invented lines, no personal data) through a fresh
/// <see cref="AndroidTextReader"/>: every line form of the common paths once (a notice, a plain message, continuation
/// lines, an attachment, omitted media, a deletion, an edit marker), which also loads the notice catalogue and the
/// Amsterdam time zone. A method another thread is already compiling is waited for, never compiled twice, and the
/// real read shares no state with the warm-up's reader (every static it touches is immutable), so the warm-up cannot
/// change what a read yields; at most it costs one short burst of CPU once per process.
/// </summary>
public static class WhatsAppWarmUp
{
    /// <summary>The built-in export's name: a WhatsApp Android file name, as the reader expects.</summary>
    internal const string SampleName = "WhatsApp-chat met Opwarmen.txt";

    /// <summary>Invented lines in the Android Dutch form (FORMATS.md §1): one of each common kind.</summary>
    internal const string Sample =
        "13-02-2024 09:00 - Berichten en oproepen worden end-to-end versleuteld. Niemand buiten deze chat kan ze lezen of beluisteren, zelfs WhatsApp niet. Tik voor meer informatie.\n" +
        "13-02-2024 09:01 - Afzender Een: Goedemorgen\n" +
        "13-02-2024 09:02 - Afzender Twee: Agenda voor morgen:\n" +
        "09:30 overleg\n" +
        "13-02-2024 09:03 - Afzender Een: \u200EIMG-20240213-WA0001.jpg (bestand bijgevoegd)\n" +
        "Foto van het overleg\n" +
        "13-02-2024 09:04 - Afzender Twee: <Media weggelaten>\n" +
        "14-02-2024 10:05 - Afzender Een: Dit bericht is verwijderd\n" +
        "14-02-2024 10:06 - Afzender Twee: Klein punt nog <Dit bericht is bewerkt>\n" +
        "14-02-2024 10:07 - Afzender Een heeft Afzender Drie toegevoegd\n" +
        "14-02-2024 10:08 - Afzender Drie: Dank!\n";

    private static int _started;

    /// <summary>
    /// Starts the warm-up (once per process) when <paramref name="source"/> holds a file the WhatsApp readers would look
    /// at, and returns at once. Called by <see cref="Detection.FormatDetector"/> before the readers rate the source.
    /// </summary>
    public static void StartFor(IExportSource source)
    {
        if (Volatile.Read(ref _started) != 0 || WhatsAppChatFile.Find(source) is null) return;
        Start();
    }

    /// <summary>Starts the warm-up on a pool thread (once per process) and returns at once.</summary>
    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static _ =>
        {
            try
            {
                Run();
            }
            catch (Exception)
            {
                // Only a head start: a failure here changes nothing for the real read, which compiles what it needs itself.
            }
        }, null);
    }

    /// <summary>Reads the built-in export to its end; returns the number of items (a test checks that it reads whole).</summary>
    internal static int Run()
    {
        using var source = new SampleSource();
        var items = 0;
        foreach (var _ in new AndroidTextReader { SmallBatches = true }.Read(source)) items++;
        return items;
    }

    /// <summary>The built-in export as a source of one file in memory.</summary>
    private sealed class SampleSource : IExportSource
    {
        private static readonly byte[] Bytes = Encoding.UTF8.GetBytes(Sample);

        public string DisplayName => SampleName;

        public IReadOnlyList<string> Entries { get; } = [SampleName];

        public bool Exists(string entry) => entry == SampleName;

        public long Length(string entry) => Exists(entry) ? Bytes.Length : throw new FileNotFoundException(entry);

        public Stream Open(string entry) => Exists(entry) ? new MemoryStream(Bytes, writable: false) : throw new FileNotFoundException(entry);

        public void Dispose()
        {
        }
    }
}
