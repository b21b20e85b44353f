using System.Text;
using ChatArchive.Ingestion.WhatsApp;

namespace ChatArchive.Ingestion.Tests.WhatsApp;

public class WhatsAppHeaderParserTests
{
    [Theory]
    [InlineData("05-02-2023 14:07 - Anna Jansen: Goedemorgen", WhatsAppPlatform.Android, 14, 7, 0)]
    [InlineData("05/02/2023, 14:07 - Anna Jansen: Goedemorgen", WhatsAppPlatform.Android, 14, 7, 0)]
    [InlineData("2/5/23, 2:07\u202FPM - Anna Jansen: Goedemorgen", WhatsAppPlatform.Android, 14, 7, 0)]
    [InlineData("05/02/2023, 2:07 p.\u00A0m. - Anna Jansen: Goedemorgen", WhatsAppPlatform.Android, 14, 7, 0)]
    [InlineData("[05-02-2023 14:07:33] Anna Jansen: Goedemorgen", WhatsAppPlatform.Ios, 14, 7, 33)]
    [InlineData("[05-02-2023, 14:07:33] Anna Jansen: Goedemorgen", WhatsAppPlatform.Ios, 14, 7, 33)]
    [InlineData("[2/5/23, 2:07:33\u202FPM] Anna Jansen: Goedemorgen", WhatsAppPlatform.Ios, 14, 7, 33)]
    [InlineData("\u200E[31/12/2022 11:40:26] Anna Jansen: \u200Eimage omitted", WhatsAppPlatform.Ios, 11, 40, 26)]
    [InlineData("[2018/06/13, 21:25:15] Anna Jansen: Goedemorgen", WhatsAppPlatform.Ios, 21, 25, 15)]
    [InlineData("13.06.18 21.25.15 - Anna Jansen: Goedemorgen", WhatsAppPlatform.Android, 21, 25, 15)]
    [InlineData("13.6.2018 klo 21.25.15 - Anna Jansen: Goedemorgen", WhatsAppPlatform.Android, 21, 25, 15)] // Finnish phones: "klo" (kello) before the time
    [InlineData("[13.6.2018 klo 21.25.15] Anna Jansen: Goedemorgen", WhatsAppPlatform.Ios, 21, 25, 15)]
    public void Every_header_form_of_the_table_is_recognised(string line, WhatsAppPlatform platform, int hour, int minute, int second)
    {
        Assert.True(WhatsAppHeaderParser.TryParse(line, out var h));
        Assert.Equal(platform, h.Platform);
        Assert.Equal((hour, minute, second), (h.Hour, h.Minute, h.Second2));
        Assert.Equal("Anna Jansen", line.Substring(h.AuthorStart, h.AuthorLength));
    }

    [Theory]
    [InlineData("15-06-2023 inleveren")]
    [InlineData("10:30 overleg met de provincie")]
    [InlineData("05-02-2023 14:07 overleg verzet")]
    [InlineData("05-02-2023 klok 14:07 - Anna: x")]
    [InlineData("05-02-2023 klo14:07 - Anna: x")]
    [InlineData("05-02-2023 14:07- Anna: x")]
    [InlineData("123-02-2023 14:07 - Anna: x")]
    [InlineData("05-02-202 14:07 - Anna: x")]
    [InlineData("05-02-2023 25:07 - Anna: x")]
    [InlineData("[05-02-2023 14:07:33 Anna: x")]
    public void Lines_that_only_start_like_a_header_are_continuation_lines(string line)
    {
        Assert.False(WhatsAppHeaderParser.TryParse(line, out _));
    }

    [Theory]
    [InlineData("05-02-2023 14:07 - Anna Jansen: Goedemorgen")]
    [InlineData("2/5/23, 2:07\u202FPM - Anna Jansen: Goedemorgen")]
    [InlineData("05/02/2023, 2:07 p.\u00A0m. - Anna Jansen: Goedemorgen")]
    [InlineData("05/02/2023, 2:07\u00A0a.\u202Fm. - José Müller 🇳🇱: Goedemorgen")]
    [InlineData("\uFEFF\u200E[31/12/2022 11:40:26] Anna Jansen: \u200Eimage omitted")]
    [InlineData("[2018/06/13, 21:25:15] Anna Jansen: Goedemorgen")]
    [InlineData("13.06.18 21.25.15 - Anna Jansen: Goedemorgen")]
    [InlineData("05-02-2023 14:07 - Berichten en oproepen zijn end-to-end versleuteld.")]
    [InlineData("05-02-2023 14:07 -")]
    [InlineData("15-06-2023 inleveren")]
    [InlineData("05-02-2023 25:07 - Anna: x")]
    [InlineData("05-02-2023\u00A014:07 - Anna: x")]
    [InlineData("05-02-2023\u00A0\u00A014:07 - Anna: x")]
    public void The_utf8_bytes_of_a_line_parse_exactly_as_its_text(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var asText = WhatsAppHeaderParser.TryParse(line, out var t);
        var asBytes = WhatsAppHeaderParser.TryParse(bytes, out var b);
        Assert.Equal(asText, asBytes);
        if (!asText) return;
        Assert.Equal((t.Platform, t.First, t.Second, t.Third, t.YearFirst, t.Hour, t.Minute, t.Second2, t.HasAuthor),
            (b.Platform, b.First, b.Second, b.Third, b.YearFirst, b.Hour, b.Minute, b.Second2, b.HasAuthor));
        // Offsets count chars in one and bytes in the other: they must point at the same text.
        Assert.Equal(line[t.BodyStart..], Encoding.UTF8.GetString(bytes.AsSpan(b.BodyStart)));
        if (t.HasAuthor)
        {
            Assert.Equal(line.Substring(t.AuthorStart, t.AuthorLength), Encoding.UTF8.GetString(bytes.AsSpan(b.AuthorStart, b.AuthorLength)));
        }
    }
}
