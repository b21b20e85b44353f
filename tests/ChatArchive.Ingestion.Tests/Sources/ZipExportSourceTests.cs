using System.IO.Compression;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.Tests.Support;
using ChatArchive.Ingestion.Tests.WhatsApp;

namespace ChatArchive.Ingestion.Tests.Sources;

public class ZipExportSourceTests
{
    private static string ChatZip(params (string, byte[])[] extra) =>
        ExportFiles.WriteZip("WhatsApp Chat - Anna Jansen.zip", [("_chat.txt", ExportFiles.Utf8(WhatsAppFixtures.IosEnUs12h)), .. extra]);

    [Theory]
    [InlineData("../../etc/cron.d/evil")]
    [InlineData("media/../../buiten.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("..\\..\\buiten.txt")]
    public void Entry_names_that_leave_the_export_are_refused(string name)
    {
        var path = ChatZip((name, [1, 2, 3]));
        var e = Assert.Throws<ExportFormatException>(() => ExportSourceFactory.Open(path));
        Assert.Contains("buiten de export", e.Message);
        Assert.Equal("WhatsApp Chat - Anna Jansen.zip", e.File);
    }

    [Fact]
    public void Too_many_entries_is_refused_as_a_possible_zip_bomb()
    {
        var path = ChatZip(Enumerable.Range(0, 20).Select(i => ($"{i:00000000}-PHOTO.jpg", new byte[] { 1 })).ToArray());
        var e = Assert.Throws<ExportFormatException>(() => ExportSourceFactory.Open(path, new ZipLimits(MaxEntries: 10)));
        Assert.Contains("zip-bom", e.Message);
    }

    [Fact]
    public void Total_uncompressed_size_over_the_limit_is_refused()
    {
        var path = ChatZip(("00000001-VIDEO.mp4", new byte[200_000]));
        var e = Assert.Throws<ExportFormatException>(() => ExportSourceFactory.Open(path, new ZipLimits(MaxTotalUncompressedBytes: 100_000)));
        Assert.Contains("zip-bom", e.Message);
    }

    [Fact]
    public void An_entry_compressed_more_than_the_ratio_allows_is_refused()
    {
        var path = ChatZip(("00000001-DOCUMENT.txt", new byte[4 << 20])); // 4 MB of zeros deflate about 1000:1
        var e = Assert.Throws<ExportFormatException>(() => ExportSourceFactory.Open(path));
        Assert.Contains("samengeperst", e.Message);
    }

    [Fact]
    public void A_truncated_zip_is_refused_as_damaged()
    {
        var path = ChatZip(("00000001-PHOTO.jpg", Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7919 % 251)).ToArray()));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<ExportFormatException>(() => ExportSourceFactory.Open(path));
        Assert.Contains("beschadigd of onvolledig", e.Message);
    }

    [Fact]
    public void Macosx_folder_is_ignored_and_entries_use_forward_slashes()
    {
        using var source = ExportSourceFactory.Open(ChatZip(("__MACOSX/._chat.txt", [0, 5, 22, 7]), ("media/00000001-PHOTO.jpg", [9])));
        Assert.IsType<ZipExportSource>(source);
        Assert.Equal(["_chat.txt", "media/00000001-PHOTO.jpg"], source.Entries);
        Assert.Equal(1, source.Length("media/00000001-PHOTO.jpg"));
        Assert.False(source.Exists("__MACOSX/._chat.txt"));
    }

    [Fact]
    public void An_entry_that_inflates_beyond_its_declared_size_is_cut_off()
    {
        // Build a zip, then lower the declared uncompressed size in both headers: a crafted bomb's lie.
        var path = ExportFiles.WriteZip("lied.zip", ("_chat.txt", ExportFiles.Utf8(string.Concat(Enumerable.Repeat(WhatsAppFixtures.AndroidNl, 50)))));
        var bytes = File.ReadAllBytes(path);
        var declared = (uint)ExportFiles.Utf8(string.Concat(Enumerable.Repeat(WhatsAppFixtures.AndroidNl, 50))).Length;
        var patched = 0;
        for (var i = 0; i + 4 <= bytes.Length; i++)
        {
            if (BitConverter.ToUInt32(bytes, i) == declared)
            {
                BitConverter.GetBytes(declared / 4).CopyTo(bytes, i);
                patched++;
            }
        }
        Assert.True(patched >= 2);
        File.WriteAllBytes(path, bytes);
        using var source = ExportSourceFactory.Open(path, new ZipLimits(MaxCompressionRatio: 1e9));
        long read = 0;
        Exception? error = null;
        try
        {
            using var s = source.Open("_chat.txt");
            var buffer = new byte[8192];
            int n;
            while ((n = s.Read(buffer)) > 0) read += n;
        }
        catch (Exception e)
        {
            error = e;
        }
        // Either the read is refused, or it never yields more than the declared size.
        Assert.True(error is ExportFormatException || (error is null && read <= declared / 4), $"{error?.GetType().Name} after {read} bytes");
    }

    [Fact]
    public void A_missing_path_is_a_dutch_error()
    {
        var e = Assert.Throws<ExportFormatException>(() => ExportSourceFactory.Open(Path.Combine(ExportFiles.Folder(), "bestaat-niet.zip")));
        Assert.Contains("bestaat niet", e.Message);
    }

    [Fact]
    public void A_file_is_a_single_file_source_and_a_folder_a_directory_source()
    {
        using var file = ExportSourceFactory.Open(ExportFiles.WriteText("WhatsApp-chat met Anna.txt", "x"));
        Assert.IsType<SingleFileExportSource>(file);
        using var folder = ExportSourceFactory.Open(ExportFiles.Folder());
        Assert.IsType<DirectoryExportSource>(folder);
    }

    [Fact]
    public void Reading_media_while_the_chat_entry_is_open_gives_both_their_own_bytes()
    {
        var media = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31 % 253)).ToArray();
        using var source = ExportSourceFactory.Open(ChatZip(("00000001-PHOTO.jpg", media)));
        using var chat = new StreamReader(source.Open("_chat.txt"));
        var firstLine = chat.ReadLine();
        using (var m = source.Open("00000001-PHOTO.jpg"))
        {
            var copy = new MemoryStream();
            m.CopyTo(copy);
            Assert.Equal(media, copy.ToArray());
        }
        Assert.StartsWith("[2/5/23", firstLine);
        Assert.StartsWith("[2/5/23, 11:58:01", chat.ReadLine());
        _ = ZipArchiveMode.Read;
    }

    [Fact]
    public void Two_entries_read_on_two_threads_at_once_both_read_correctly()
    {
        // The WhatsApp reader reads its chat file ahead on a second thread while attachments are hashed: every entry
        // stream shares one archive stream, so the source must keep them apart.
        var random = new Random(20240201);
        var photo = new byte[3 << 20];
        var video = new byte[3 << 20];
        random.NextBytes(photo);
        random.NextBytes(video);
        var path = ChatZip(("00000001-PHOTO-2024-02-01.jpg", photo), ("00000002-VIDEO-2024-02-01.mp4", video));
        using var source = ExportSourceFactory.Open(path);
        for (var round = 0; round < 3; round++)
        {
            var hashes = new[] { "00000001-PHOTO-2024-02-01.jpg", "00000002-VIDEO-2024-02-01.mp4" }
                .AsParallel().WithDegreeOfParallelism(2)
                .Select(entry =>
                {
                    using var s = source.Open(entry);
                    using var sha = System.Security.Cryptography.SHA256.Create();
                    var buffer = new byte[4096]; // small reads: many interleavings
                    int n;
                    while ((n = s.Read(buffer)) > 0) sha.TransformBlock(buffer, 0, n, null, 0);
                    sha.TransformFinalBlock([], 0, 0);
                    return (entry, Convert.ToHexStringLower(sha.Hash!));
                })
                .ToDictionary(x => x.entry, x => x.Item2);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(photo)), hashes["00000001-PHOTO-2024-02-01.jpg"]);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(video)), hashes["00000002-VIDEO-2024-02-01.mp4"]);
        }
    }
}
