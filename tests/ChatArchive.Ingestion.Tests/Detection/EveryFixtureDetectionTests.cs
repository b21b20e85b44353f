using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.Tests.Formats;
using ChatArchive.Ingestion.Tests.Support;
using ChatArchive.Ingestion.Tests.WhatsApp;

namespace ChatArchive.Ingestion.Tests.Detection;

/// <summary>
/// Integration over the whole reader set: the registry found by reflection (Detection/ReaderRegistry) holds all
/// seven formats, and the detector picks the right one for every fixture of every format: the checked-in
/// fixture folders (found by walking them, so a new fixture is covered without editing this file) and the
/// WhatsApp exports written from <see cref="WhatsAppFixtures"/>.
/// </summary>
public class EveryFixtureDetectionTests
{
    private static readonly string[] AllFormats =
    [
        ExportFormats.WhatsAppAndroid, ExportFormats.WhatsAppIos, ExportFormats.SignalExport, ExportFormats.SmsBackupRestore,
        ExportFormats.TelegramDesktop, ExportFormats.IMessageExporter, ExportFormats.TeamsGraph,
    ];

    /// <summary>Fixture folder → the format every export in it is.</summary>
    private static readonly Dictionary<string, string> FolderFormats = new(StringComparer.Ordinal)
    {
        ["signal"] = ExportFormats.SignalExport,
        ["sms"] = ExportFormats.SmsBackupRestore,
        ["telegram"] = ExportFormats.TelegramDesktop,
        ["imessage"] = ExportFormats.IMessageExporter,
        ["teams"] = ExportFormats.TeamsGraph,
    };

    /// <summary>Fixtures that are deliberately not a message export of any format: detection must refuse them.</summary>
    private static readonly HashSet<string> NotAnExport = new(StringComparer.Ordinal)
    {
        "sms/calls-20230401083000.xml", // a call log of SMS Backup & Restore, not a message backup (FORMATS.md §3)
        "sms/wrong-root.xml", // <messages> is not the <smses> root of a backup
        "imessage/broken", // a shopping list in a .txt file, not an imessage-exporter conversation
    };

    private static List<string> FixtureNames() =>
        FolderFormats.Keys
            .SelectMany(folder => Directory.EnumerateFileSystemEntries(FormatFixtures.PathOf(folder)).Select(e => folder + "/" + Path.GetFileName(e)))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> CheckedInFixtures() => new(FixtureNames());

    [Fact]
    public void Registry_holds_every_format()
    {
        // The seven chat formats plus the three mail formats and the four social media downloads of issue 16.
        Assert.Equal(AllFormats.Concat([ExportFormats.EmailMbox, ExportFormats.EmailEml, ExportFormats.EmailGraph, ExportFormats.XArchive, ExportFormats.InstagramArchive, ExportFormats.FacebookArchive, ExportFormats.LinkedInArchive]).Order(StringComparer.Ordinal),
            FormatDetector.Default().SupportedFormats.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_format_folder_has_fixtures()
    {
        var fixtures = FixtureNames();
        Assert.All(FolderFormats.Keys, folder => Assert.Contains(fixtures, f => f.StartsWith(folder + "/", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(CheckedInFixtures))]
    public void Registry_detects_the_format_of_every_checked_in_fixture(string fixture)
    {
        var parts = fixture.Split('/');
        using var source = ExportSourceFactory.Open(FormatFixtures.PathOf(parts));
        if (NotAnExport.Contains(fixture))
        {
            var error = Assert.Throws<ExportFormatException>(() => FormatDetector.Default().Detect(source));
            Assert.Contains("--format", error.Message, StringComparison.Ordinal);
            return;
        }
        Assert.Equal(FolderFormats[parts[0]], FormatDetector.Default().Detect(source).Format);
    }

    public static TheoryData<string, string, string> WhatsAppExports => new()
    {
        { ExportFormats.WhatsAppAndroid, WhatsAppFixtures.AndroidNlFileName, nameof(WhatsAppFixtures.AndroidNl) },
        { ExportFormats.WhatsAppAndroid, "WhatsApp Chat with Mark Visser.txt", nameof(WhatsAppFixtures.AndroidEnUs12h) },
        { ExportFormats.WhatsAppAndroid, "WhatsApp Chat with Crisisteam.txt", nameof(WhatsAppFixtures.AndroidEnGbGroup) },
        { ExportFormats.WhatsAppAndroid, WhatsAppFixtures.AndroidNlFileName, nameof(WhatsAppFixtures.AndroidDst) },
        { ExportFormats.WhatsAppIos, WhatsAppFixtures.IosNlGroupZipName, nameof(WhatsAppFixtures.IosNlGroup) },
        { ExportFormats.WhatsAppIos, "WhatsApp Chat - Joost van Dijk.zip", nameof(WhatsAppFixtures.IosEnOneToOne) },
        { ExportFormats.WhatsAppIos, "WhatsApp Chat - Mark Visser.zip", nameof(WhatsAppFixtures.IosEnUs12h) },
        { ExportFormats.WhatsAppIos, "_chat.txt", nameof(WhatsAppFixtures.IosNlGroup) },
    };

    [Theory]
    [MemberData(nameof(WhatsAppExports))]
    public void Registry_detects_the_format_of_every_whatsapp_fixture(string format, string fileName, string fixture)
    {
        var text = (string)typeof(WhatsAppFixtures).GetField(fixture)!.GetRawConstantValue()!;
        var path = fileName.EndsWith(".zip", StringComparison.Ordinal)
            ? ExportFiles.WriteZip(fileName, ("_chat.txt", ExportFiles.Utf8(text)))
            : ExportFiles.WriteText(fileName, text);
        using var source = ExportSourceFactory.Open(path);
        Assert.Equal(format, FormatDetector.Default().Detect(source).Format);
    }
}
