using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.Tests.Support;
using ChatArchive.Ingestion.Tests.WhatsApp;

namespace ChatArchive.Ingestion.Tests.Detection;

public class FormatDetectorTests
{
    [Fact]
    public void Registry_finds_both_whatsapp_readers_by_reflection()
    {
        var formats = FormatDetector.Default().SupportedFormats;
        Assert.Contains(ExportFormats.WhatsAppAndroid, formats);
        Assert.Contains(ExportFormats.WhatsAppIos, formats);
    }

    [Fact]
    public void Android_text_and_ios_zip_are_told_apart()
    {
        using var android = ExportSourceFactory.Open(ExportFiles.WriteText(WhatsAppFixtures.AndroidNlFileName, WhatsAppFixtures.AndroidNl));
        Assert.Equal(ExportFormats.WhatsAppAndroid, FormatDetector.Default().Detect(android).Format);
        using var ios = ExportSourceFactory.Open(ExportFiles.WriteZip("WhatsApp Chat - X.zip", ("_chat.txt", ExportFiles.Utf8(WhatsAppFixtures.IosNlGroup))));
        Assert.Equal(ExportFormats.WhatsAppIos, FormatDetector.Default().Detect(ios).Format);
    }

    [Fact]
    public void Android_zip_with_media_is_android()
    {
        using var zip = ExportSourceFactory.Open(ExportFiles.WriteZip("WhatsApp-chat met Sanne de Vries.zip",
            (WhatsAppFixtures.AndroidNlFileName, ExportFiles.Utf8(WhatsAppFixtures.AndroidNl)),
            ("PTT-20230311-WA0004.opus", [1, 2, 3])));
        Assert.Equal(ExportFormats.WhatsAppAndroid, FormatDetector.Default().Detect(zip).Format);
    }

    [Fact]
    public void Unknown_format_is_a_dutch_error_naming_the_file_and_the_override()
    {
        using var source = ExportSourceFactory.Open(ExportFiles.WriteText("notulen.txt", "Notulen van het bewindspersonenoverleg\nAanwezig: …\n"));
        var e = Assert.Throws<ExportFormatException>(() => FormatDetector.Default().Detect(source));
        Assert.Contains("notulen.txt", e.Message);
        Assert.Contains("--format", e.Message);
        Assert.Equal("notulen.txt", e.File);
    }

    [Fact]
    public void Explicit_override_wins_over_detection_and_unknown_names_are_refused()
    {
        using var source = ExportSourceFactory.Open(ExportFiles.WriteText(WhatsAppFixtures.AndroidNlFileName, WhatsAppFixtures.AndroidNl));
        Assert.Equal(ExportFormats.WhatsAppIos, FormatDetector.Default().Detect(source, "whatsapp-ios").Format);
        var e = Assert.Throws<ExportFormatException>(() => FormatDetector.Default().Detect(source, "whatsapp-web"));
        Assert.Contains("Onbekend formaat", e.Message);
    }

    [Fact]
    public void Binary_garbage_is_not_claimed_by_any_reader()
    {
        var path = Path.Combine(ExportFiles.Folder(), "WhatsApp-chat met Anna.txt");
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 256)).ToArray());
        using var source = ExportSourceFactory.Open(path);
        Assert.Throws<ExportFormatException>(() => FormatDetector.Default().Detect(source));
    }
}
