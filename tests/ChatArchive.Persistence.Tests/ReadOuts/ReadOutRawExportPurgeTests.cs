using System.Text;
using ChatArchive.Persistence.ReadOuts;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>The raw copy's purge after its search changed from one regular expression to a prepared multi-string search.</summary>
public class ReadOutRawExportPurgeTests
{
    private static async Task<string> PurgeAsync(string export, params string[] removed)
    {
        await using var purged = await RawExportPurge.RewriteAsync(new MemoryStream(Encoding.UTF8.GetBytes(export)), removed, new HashSet<string>(), default);
        using var reader = new StreamReader(purged, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Every_occurrence_is_blanked_leftmost_first_and_the_longest_text_at_a_position_whole()
    {
        var export = "01-02-2024 09:00 - Ria: Neem de taart mee naar oma\n01-02-2024 09:01 - Ria: Neem de taart\n02-02-2024 10:00 - Sanne: De beslisnota staat klaar\n";
        var purged = await PurgeAsync(export, "Neem de taart", "Neem de taart mee naar oma", "ok");
        Assert.Equal("01-02-2024 09:00 - Ria: \n01-02-2024 09:01 - Ria: \n02-02-2024 10:00 - Sanne: De beslisnota staat klaar\n", purged);
    }

    [Fact]
    public async Task Escaped_forms_are_blanked_and_short_texts_and_an_export_without_removed_text_stay()
    {
        var json = "{\"text\":\"Zij zei \\\"kom je?\\\" en ging\"}\n<p>Tom &amp; Jerry komen</p>\nok ok";
        var purged = await PurgeAsync(json, "Zij zei \"kom je?\" en ging", "Tom & Jerry komen", "ok");
        Assert.Equal("{\"text\":\"\"}\n<p></p>\nok ok", purged);
        Assert.Equal("niets te doen", await PurgeAsync("niets te doen", "Neem de taart mee"));
    }
}
