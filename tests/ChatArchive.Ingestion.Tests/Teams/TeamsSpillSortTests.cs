using System.Runtime.Versioning;
using System.Text;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.Teams;
using ChatArchive.Ingestion.Tests.Formats;

namespace ChatArchive.Ingestion.Tests.Teams;

/// <summary>
/// The external sort of the Teams reader (issue 3 §5): tiny runs force every export through encrypted spill files,
/// and the result must be item for item what the in-memory sort gives; the files must be unreadable and gone afterwards.
/// </summary>
public sealed class TeamsSpillSortTests : IDisposable
{
    private readonly string _spillRoot = Directory.CreateTempSubdirectory("chatarchive-teams-spill-test-").FullName;

    public void Dispose() => Directory.Delete(_spillRoot, recursive: true);

    [Theory]
    [InlineData("chat-1on1")]
    [InlineData("group-chat")]
    public void Fixture_read_through_tiny_spill_runs_gives_exactly_the_in_memory_items(string fixture)
    {
        var expected = TeamsItemText.Lines(FormatFixtures.ReadAll(InMemory(), FormatFixtures.Folder("teams", fixture)));
        var (items, spillFiles) = ReadWatchingSpill(Spilling(recordsPerRun: 2, chunkBytes: 100, maxRunsPerMerge: 2), FormatFixtures.Folder("teams", fixture));

        Assert.True(spillFiles > 0, "the tiny runs must have gone to disk");
        Assert.Equal(expected, TeamsItemText.Lines(items));
    }

    [Theory]
    [InlineData(1, 64 << 10, 64)]
    [InlineData(3, 64 << 10, 64)]
    [InlineData(3, 200, 2)]
    [InlineData(7, 64 << 10, 3)]
    [InlineData(50, 512, 64)]
    public void Messy_export_through_spill_runs_gives_exactly_the_in_memory_items(int recordsPerRun, int chunkBytes, int maxRunsPerMerge)
    {
        using var export = new TeamsMessyExport();
        var expected = TeamsItemText.Lines(FormatFixtures.ReadAll(InMemory(), new DirectoryExportSource(export.Folder)));
        var (items, spillFiles) = ReadWatchingSpill(Spilling(recordsPerRun, chunkBytes, maxRunsPerMerge), new DirectoryExportSource(export.Folder));

        Assert.True(spillFiles > 0, "the runs must have gone to disk");
        Assert.Equal(expected, TeamsItemText.Lines(items));
    }

    [Fact]
    public void Spilled_export_keeps_only_the_latest_version_of_every_id_in_creation_order()
    {
        using var export = new TeamsMessyExport();
        var items = FormatFixtures.ReadAll(Spilling(recordsPerRun: 3), new DirectoryExportSource(export.Folder));

        var messages = items.OfType<MessageRead>().ToList();
        var ids = messages.Select(m => m.Message.SourceId!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var (id, text) in export.KeptText)
        {
            Assert.Equal(text, messages.Single(m => m.Message.SourceId == id).Message.Text);
        }
        // Per chat in creation order, each chat announced once before its items.
        var chats = items.OfType<ConversationStarted>().Select(c => c.ConversationKey).ToList();
        Assert.Equal(4, chats.Count);
        Assert.Equal(chats.Count, chats.Distinct(StringComparer.Ordinal).Count());
        foreach (var chat in chats)
        {
            var sent = messages.Where(m => m.ConversationKey == chat).Select(m => m.Message.Sent).ToList();
            Assert.Equal(sent.Order().ToList(), sent);
        }
        // The newest version of a moved message decides its chat; the last rename is the title.
        Assert.Equal("teams:19:jeugdzorg-oost@thread.v2", messages.Single(m => m.Message.SourceId == "1679500000000").ConversationKey);
        var jeugdzorg = items.OfType<ConversationStarted>().Single(c => c.ConversationKey == "teams:19:jeugdzorg-oost@thread.v2");
        Assert.Equal("Jeugdzorg Regio Oost (nieuw)", jeugdzorg.Title);
        Assert.True(jeugdzorg.IsGroup);
        Assert.True(messages.Single(m => m.Message.SourceId == "1679600000000").Message.Deleted);
        Assert.Equal("Top & dank! \U0001F44D\nTot straks", messages.Single(m => m.Message.SourceId == "1679800000000").Message.Text);
    }

    [Fact]
    public void Export_that_fits_in_one_run_writes_no_file()
    {
        using var export = new TeamsMessyExport();
        var (items, spillFiles) = ReadWatchingSpill(
            new TeamsGraphReader(new TeamsSpillOptions(Folder: _spillRoot)), new DirectoryExportSource(export.Folder));

        Assert.NotEmpty(items);
        Assert.Equal(0, spillFiles);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_spillRoot));
    }

    [Fact]
    public void Spill_files_are_removed_after_the_last_item()
    {
        using var export = new TeamsMessyExport();
        var (_, spillFiles) = ReadWatchingSpill(Spilling(recordsPerRun: 3), new DirectoryExportSource(export.Folder));

        Assert.True(spillFiles > 0);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_spillRoot));
    }

    [Fact]
    public void Spill_files_are_removed_when_the_reading_stops_early()
    {
        using var export = new TeamsMessyExport();
        using var source = new DirectoryExportSource(export.Folder);
        var seen = 0;
        var filesWhileReading = 0;
        foreach (var _ in Spilling(recordsPerRun: 3).Read(source))
        {
            filesWhileReading = SpillFiles().Count;
            if (++seen == 2)
            {
                break;
            }
        }

        Assert.True(filesWhileReading > 0);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_spillRoot));
    }

    [Fact]
    public void Broken_page_after_spilled_runs_gives_the_same_Dutch_error_yields_nothing_and_leaves_no_file()
    {
        using var export = new TeamsMessyExport();
        File.Copy(FormatFixtures.PathOf("teams", "truncated", "messages.json"), Path.Combine(export.Folder, "page-999.json"));
        var expected = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(InMemory(), new DirectoryExportSource(export.Folder)));

        var filesWhenTheBrokenPageOpened = -1;
        var source = new OpeningWatcher(new DirectoryExportSource(export.Folder), "page-999.json", () => filesWhenTheBrokenPageOpened = SpillFiles().Count);
        var seen = new List<ExportItem>();
        var actual = Assert.Throws<ExportFormatException>(() =>
        {
            using (source)
            {
                foreach (var item in Spilling(recordsPerRun: 3).Read(source))
                {
                    seen.Add(item);
                }
            }
        });

        Assert.True(filesWhenTheBrokenPageOpened > 0, "runs were on disk when the broken page was reached");
        Assert.Empty(seen);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal("page-999.json", actual.File);
        Assert.Equal(expected.Line, actual.Line);
        Assert.Contains("afgebroken", actual.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_spillRoot));
    }

    [Fact]
    public void Items_enumerated_twice_are_read_twice_and_identical()
    {
        // The read-out store enumerates the items again when a day split forces a full merge (ReadOutStore.IngestAsync).
        using var export = new TeamsMessyExport();
        using var source = new DirectoryExportSource(export.Folder);
        var items = Spilling(recordsPerRun: 3).Read(source);

        var first = TeamsItemText.Lines(items);
        var second = TeamsItemText.Lines(items);

        Assert.True(first.Count > 200);
        Assert.Equal(first, second);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_spillRoot));
    }

    [Fact]
    public void Cancelled_read_stops_and_leaves_no_file()
    {
        using var export = new TeamsMessyExport();
        using var cancel = new CancellationTokenSource();
        var filesWhenCancelled = -1;
        using var source = new OpeningWatcher(new DirectoryExportSource(export.Folder), $"page-{export.Pages - 1:D3}.json", () =>
        {
            filesWhenCancelled = SpillFiles().Count;
            cancel.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => Spilling(recordsPerRun: 3).Read(source, cancel.Token).ToList());
        Assert.True(filesWhenCancelled > 0);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_spillRoot));
    }

    [Fact]
    public void Spill_folder_left_by_a_crashed_read_is_removed_but_a_live_or_recent_one_is_kept()
    {
        var crashed = FakeSpillFolder("chatarchive-teams-0c0ffee000000001", age: TimeSpan.FromHours(2));
        var live = FakeSpillFolder("chatarchive-teams-0c0ffee000000002", age: TimeSpan.FromHours(2));
        var recent = FakeSpillFolder("chatarchive-teams-0c0ffee000000003", age: TimeSpan.FromMinutes(5));
        // A live read holds its run files open with a shared lock (TeamsSpillFolder.CreateFile).
        using (new FileStream(Path.Combine(live, "run-000001.bin"), FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            using var export = new TeamsMessyExport();
            var (_, spillFiles) = ReadWatchingSpill(Spilling(recordsPerRun: 3), new DirectoryExportSource(export.Folder));
            Assert.True(spillFiles > 2);
        }

        Assert.False(Directory.Exists(crashed));
        Assert.True(File.Exists(Path.Combine(live, "run-000001.bin")));
        Assert.True(File.Exists(Path.Combine(recent, "run-000001.bin")));
    }

    [Fact]
    public void Spill_files_do_not_contain_message_text_or_names()
    {
        using var export = new TeamsMessyExport();
        using var source = new DirectoryExportSource(export.Folder);
        var contents = new List<byte[]>();
        foreach (var _ in Spilling(recordsPerRun: 3).Read(source))
        {
            contents.AddRange(SpillFiles().Select(ReadShared));
            break;
        }

        Assert.NotEmpty(contents);
        Assert.True(contents.Sum(c => c.Length) > 10_000, "the runs hold the whole export");
        foreach (var needle in new[] { export.KnownText, "Sanne Visser", "Woo-verzoek" })
        {
            foreach (var bytes in contents)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"'{needle}' is readable in a spill file (UTF-8)");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) < 0, $"'{needle}' is readable in a spill file (UTF-16)");
            }
        }
    }

    /// <remarks>Unix modes only; on Windows the spill folder lies in the profile's temp folder, which is private already.</remarks>
    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Spill_folder_and_files_are_private_to_the_user()
    {
        using var export = new TeamsMessyExport();
        using var source = new DirectoryExportSource(export.Folder);
        UnixFileMode? folderMode = null;
        var fileModes = new List<UnixFileMode>();
        foreach (var _ in Spilling(recordsPerRun: 3).Read(source))
        {
            folderMode = File.GetUnixFileMode(Assert.Single(Directory.GetDirectories(_spillRoot)));
            fileModes.AddRange(SpillFiles().Select(File.GetUnixFileMode));
            break;
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, folderMode);
        Assert.NotEmpty(fileModes);
        Assert.All(fileModes, m => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, m));
    }

    private TeamsGraphReader InMemory() =>
        new(new TeamsSpillOptions(RecordsPerRun: int.MaxValue, BytesPerRun: long.MaxValue, Folder: _spillRoot));

    private TeamsGraphReader Spilling(int recordsPerRun, int chunkBytes = 64 << 10, int maxRunsPerMerge = 64) =>
        new(new TeamsSpillOptions(RecordsPerRun: recordsPerRun, ChunkBytes: chunkBytes, MaxRunsPerMerge: maxRunsPerMerge, Folder: _spillRoot));

    /// <summary>Reads everything; counts the spill files present when the first item comes out (all runs exist by then).</summary>
    private (List<ExportItem> Items, int SpillFiles) ReadWatchingSpill(TeamsGraphReader reader, IExportSource source)
    {
        var items = new List<ExportItem>();
        var files = -1;
        using (source)
        {
            foreach (var item in reader.Read(source))
            {
                if (files < 0)
                {
                    files = SpillFiles().Count;
                }
                items.Add(item);
            }
        }
        return (items, files);
    }

    private string FakeSpillFolder(string name, TimeSpan age)
    {
        var folder = Path.Combine(_spillRoot, name);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "run-000001.bin"), [0x13, 0x37, 0x00, 0x42]);
        Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow - age);
        return folder;
    }

    private List<string> SpillFiles() => Directory.EnumerateFiles(_spillRoot, "*", SearchOption.AllDirectories).ToList();

    /// <summary>The reader holds its spill files open; read them the way another process of the same user could.</summary>
    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Calls back when one entry is opened (to look at the spill folder at that moment).</summary>
    private sealed class OpeningWatcher(IExportSource inner, string entry, Action opening) : IExportSource
    {
        public string DisplayName => inner.DisplayName;

        public IReadOnlyList<string> Entries => inner.Entries;

        public bool Exists(string name) => inner.Exists(name);

        public long Length(string name) => inner.Length(name);

        public Stream Open(string name)
        {
            if (name == entry)
            {
                opening();
            }
            return inner.Open(name);
        }

        public void Dispose() => inner.Dispose();
    }
}
