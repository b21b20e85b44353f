using System.Text;

namespace ChatArchive.Sealing.Packaging;

/// <summary>
/// Names inside a package. MDTO sidecar names avoid &lt; &gt; : " / \ | ? * # &amp; and spaces and stay within
/// 255 characters (ARCHITECTURE.md "Standards to follow"); the longest suffix added is ".bestand.MDTO.xml".
/// </summary>
public static class PackageNames
{
    private const int MaxBaseLength = 200;
    private const string Forbidden = "<>:\"/\\|?*#&%";

    public static string PackageId(long sequence, DateOnly from, DateOnly to) =>
        $"p{sequence:D6}_{from:yyyyMMdd}-{to:yyyyMMdd}";

    public static string ConversationBase(int index) => $"gesprek-{index + 1:D4}";

    /// <summary>A file name safe for every filesystem and for MDTO; keeps the extension where it can.</summary>
    public static string SafeFileName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            sb.Append(char.IsControl(c) || char.IsWhiteSpace(c) || Forbidden.Contains(c) ? '_' : c);
        }
        var s = sb.ToString().Trim('.');
        if (s.Length == 0) s = "bijlage";
        if (s.Length > MaxBaseLength)
        {
            var ext = Path.GetExtension(s);
            if (ext.Length > 16) ext = "";
            s = s[..(MaxBaseLength - ext.Length)] + ext;
        }
        return s;
    }
}
