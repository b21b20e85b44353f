using ChatArchive.Classification.Detection;

namespace ChatArchive.Classification.Tests.Detection;

/// <summary>
/// BSN: 9 digits passing the 11-check. The valid numbers here are in the 9999xxxxx test range
/// and were computed for these tests; the invalid ones fail the check by one digit.
/// </summary>
public class BsnDetectorTests
{
    [Theory]
    [InlineData("999955597", true)]
    [InlineData("999971049", true)]
    [InlineData("999955598", false)]
    [InlineData("999971040", false)]
    [InlineData("000000000", false)]
    public void Eleven_check_decides_what_is_a_bsn(string digits, bool valid)
    {
        Assert.Equal(valid, BsnDetector.PassesElevenCheck(digits));
    }

    [Theory]
    [InlineData("De burger met BSN 999955597 belde over zijn toeslag.")]
    [InlineData("burgerservicenummer 9999.26.846, WMO-indicatie")]
    [InlineData("Tweede dossier: BSN 999 931 672, zelfde probleem.")]
    [InlineData("bsn: 999-938-885")]
    public void Valid_bsn_is_found_in_common_notations_and_flagged(string text)
    {
        Assert.True(BsnDetector.ContainsBsn(text));
        var s = Chat.One("Anne Visser", text);
        Assert.Contains(SpecialCategories.Bsn, s.Categories);
        Assert.Contains(MessageClassifier.BsnReason, s.Reasons);
        Assert.Equal("bevat mogelijk BSN", MessageClassifier.BsnReason);
    }

    [Theory]
    [InlineData("Het zaaknummer van de bezwaarprocedure is 999955598.")]
    [InlineData("Kenmerk 592493986, graag terugvinden in je mail.")]
    [InlineData("Bel de wethouder op 0612345678 of 06-12345678.")]
    [InlineData("Bel +31 612345671 na de lunch (dit nummer haalt de elfproef, maar is een mobiel nummer).")]
    [InlineData("Rekening NL91ABNA0417164300, kenmerk 2026-0000999955597.")]
    public void Number_that_is_not_a_bsn_is_never_called_a_bsn(string text)
    {
        Assert.False(BsnDetector.ContainsBsn(text));
        Assert.DoesNotContain(SpecialCategories.Bsn, Chat.One("Anne Visser", text).Categories);
    }
}
