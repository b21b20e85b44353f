using System.Text;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Tests.Support;

namespace ChatArchive.Ingestion.Tests.WhatsApp;

public class BadInputTests
{
    [Fact]
    public void Text_before_the_first_header_is_refused_with_file_and_line()
    {
        var path = ExportFiles.WriteText("WhatsApp-chat met Anna Jansen.txt",
            "05-02-2023 14:07 - Anna Jansen: Goedemorgen\n");
        File.WriteAllText(path, "Dit is geen export\n" + File.ReadAllText(path));
        using var source = Ingestion.Sources.ExportSourceFactory.Open(path);
        var e = Assert.Throws<ExportFormatException>(() => new Ingestion.WhatsApp.AndroidTextReader().Read(source).ToList());
        Assert.Equal(1, e.Line);
        Assert.Contains("WhatsApp-chat met Anna Jansen.txt", e.Message);
    }

    [Fact]
    public void Latin1_bytes_in_a_message_are_refused_naming_the_line()
    {
        var path = Path.Combine(ExportFiles.Folder(), "WhatsApp-chat met Anna Jansen.txt");
        var good = Encoding.UTF8.GetBytes("05-02-2023 14:07 - Anna Jansen: Goedemorgen\n05-02-2023 14:08 - Anna Jansen: ");
        File.WriteAllBytes(path, [.. good, 0x43, 0x61, 0x66, 0xE9, 0x0A]);
        using var source = Ingestion.Sources.ExportSourceFactory.Open(path);
        var e = Assert.Throws<ExportFormatException>(() => new Ingestion.WhatsApp.AndroidTextReader().Read(source).ToList());
        Assert.Equal(2, e.Line);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void The_first_bad_line_is_named_even_when_a_later_header_line_is_bad_too()
    {
        // The first pass reads header bytes without decoding; the error must still name the first bad line (3, a
        // continuation line), not the later header with a bad sender name (5) that the first pass decodes.
        var path = Path.Combine(ExportFiles.Folder(), "WhatsApp-chat met Anna Jansen.txt");
        byte[] bad = [0x43, 0x61, 0x66, 0xE9];
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("05-02-2023 14:07 - Anna Jansen: Agenda\n05-02-2023 14:08 - Anna Jansen: punt 1\n"));
        bytes.AddRange(bad);
        bytes.AddRange(Encoding.UTF8.GetBytes("\n05-02-2023 14:09 - Anna Jansen: Goed\n05-02-2023 14:10 - Karel "));
        bytes.AddRange(bad);
        bytes.AddRange(Encoding.UTF8.GetBytes(": hallo\n"));
        File.WriteAllBytes(path, [.. bytes]);
        using var source = Ingestion.Sources.ExportSourceFactory.Open(path);
        var e = Assert.Throws<ExportFormatException>(() => new Ingestion.WhatsApp.AndroidTextReader().Read(source).ToList());
        Assert.Equal(3, e.Line);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void Text_before_the_first_header_is_reported_even_when_a_later_line_is_bad_utf8()
    {
        // Bad text further on must not hide the earlier error (line 1), as a read that decodes every line would see it.
        var path = Path.Combine(ExportFiles.Folder(), "WhatsApp-chat met Anna Jansen.txt");
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("Dit is geen export\n05-02-2023 14:07 - Anna Jansen: Goedemorgen\n05-02-2023 14:08 - Anna Jansen: "));
        bytes.AddRange([0x43, 0x61, 0x66, 0xE9, 0x0A]);
        File.WriteAllBytes(path, [.. bytes]);
        using var source = Ingestion.Sources.ExportSourceFactory.Open(path);
        var e = Assert.Throws<ExportFormatException>(() => new Ingestion.WhatsApp.AndroidTextReader().Read(source).ToList());
        Assert.Equal(1, e.Line);
        Assert.Contains("begint niet met een datum", e.Message);
    }

    [Fact]
    public void A_line_of_many_megabytes_is_refused_not_loaded()
    {
        var path = ExportFiles.WriteText("WhatsApp-chat met Anna Jansen.txt",
            "05-02-2023 14:07 - Anna Jansen: Goedemorgen\n05-02-2023 14:08 - Anna Jansen: " + new string('a', 5 << 20) + "\n");
        using var source = Ingestion.Sources.ExportSourceFactory.Open(path);
        var e = Assert.Throws<ExportFormatException>(() => new Ingestion.WhatsApp.AndroidTextReader().Read(source).ToList());
        Assert.Equal(2, e.Line);
        Assert.Contains("langer dan", e.Message);
    }

    [Fact]
    public void A_date_that_does_not_exist_is_refused_with_the_line()
    {
        var path = ExportFiles.WriteText("WhatsApp-chat met Anna Jansen.txt",
            "28-02-2023 14:07 - Anna Jansen: Goedemorgen\n31-02-2023 14:08 - Anna Jansen: Hallo\n");
        using var source = Ingestion.Sources.ExportSourceFactory.Open(path);
        var e = Assert.Throws<ExportFormatException>(() => new Ingestion.WhatsApp.AndroidTextReader().Read(source).ToList());
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void An_android_reader_forced_onto_an_ios_export_says_so()
    {
        var path = ExportFiles.WriteZip("WhatsApp Chat - Mark Visser.zip", ("_chat.txt", ExportFiles.Utf8(WhatsAppFixtures.IosEnUs12h)));
        using var source = Ingestion.Sources.ExportSourceFactory.Open(path);
        var e = Assert.Throws<ExportFormatException>(() => new Ingestion.WhatsApp.AndroidTextReader().Read(source).ToList());
        Assert.Contains("ander WhatsApp-exportformaat", e.Message);
    }
}
