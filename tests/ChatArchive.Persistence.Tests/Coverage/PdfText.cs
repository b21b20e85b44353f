using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace ChatArchive.Tests.Coverage;

/// <summary>
/// Opens PDF bytes again (PDFsharp) and reads the text each page shows: the literal (WinAnsi) strings of its content in
/// drawing order, with white space folded to one space (a table cell's wrapped lines read as one text again).
/// </summary>
public static partial class PdfText
{
    public static List<string> Pages(byte[] bytes)
    {
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        using var document = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        return Enumerable.Range(0, document.PageCount).Select(i => Space().Replace(Page(document.Pages[i]), " ")).ToList();
    }

    private static string Page(PdfPage page)
    {
        var text = new StringBuilder();
        for (var i = 0; i < page.Contents.Elements.Count; i++)
        {
            if (page.Contents.Elements.GetDictionary(i) is not { Stream: { } stream }) continue;
            var content = Encoding.Latin1.GetString(stream.UnfilteredValue);
            foreach (Match m in Literal().Matches(content)) text.AppendLine(Regex.Replace(m.Groups[1].Value, @"\\(.)", "$1"));
        }
        return text.ToString();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [GeneratedRegex(@"\(((?:\\.|[^\\)])*)\)\s*Tj")]
    private static partial Regex Literal();
}
