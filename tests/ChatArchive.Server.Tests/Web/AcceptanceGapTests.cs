using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.ReadOuts;
using ChatArchive.Server.Tests.Browser;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// Gaps the acceptance walk of issue 13 left: a finding's detail names its moments in Dutch (not ISO 8601), and an upload
/// larger than the API's 2 GiB limit, streamed without a length, is refused with a Dutch 413 without the server holding
/// it in memory (the test process hosts the server: its working set is sampled while the body streams). Synthetic chats
/// (fictional people) and a generated body of zeros.
/// </summary>
public sealed partial class AcceptanceGapTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex IsoInstant();

    [Fact]
    public async Task A_findings_span_and_moments_read_as_Dutch_dates_in_the_browser()
    {
        await using var w = await ReadOutPageWorld.CreateAsync(DatabaseProvider.Sqlite, "gapdates", kestrel: true);
        var ingest = await w.IngestAsync(("WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.FamilyChat));
        Assert.Contains(ingest.Findings, f => f.Kind == "span-covered" && IsoInstant().IsMatch(f.Detail)); // stored as the readers write it

        await using var browser = await WebBrowserPage.OpenAsync(w.Server.BaseAddress);
        var page = browser.Page;
        await StudioBrowser.SignInAsync(page, "informatieprofessional.bzk");
        await page.GotoAsync($"/uitlezingen/{w.ReadOut.Id}/bevindingen");
        var span = page.Locator("section.finding:has(h2:text('Periode die de export van dit gesprek beslaat'))");
        var text = await span.InnerTextAsync();
        Assert.Contains("van 10 februari 2024 om 08:00 tot en met 10 februari 2024 om 08:10 (2 berichten)", text, StringComparison.Ordinal);
        var main = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotMatch(IsoInstant(), main);
        Assert.DoesNotContain("--", main, StringComparison.Ordinal);
        await AxeCheck.AssertAccessibleAsync(page, "bevindingen met datums", Artifacts.Folder("screenshots"), "gat-bevindingen-datums.png");
        Assert.Empty(browser.Errors);
    }

    /// <summary>Multipart with one file of <paramref name="bytes"/> zeros, written in 1 MiB pieces and sent without a length (chunked).</summary>
    private sealed class GeneratedUpload(long bytes, string boundary, bool declareLength) : HttpContent
    {
        private readonly byte[] _head = Encoding.ASCII.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"channel\"\r\n\r\nwhatsapp\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"telefoon.zip\"\r\nContent-Type: application/zip\r\n\r\n");
        private readonly byte[] _tail = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");

        public long Sent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_head);
            var piece = new byte[1 << 20];
            for (long left = bytes; left > 0; left -= piece.Length)
            {
                var n = (int)Math.Min(piece.Length, left);
                await stream.WriteAsync(piece.AsMemory(0, n));
                Sent += n;
            }
            await stream.WriteAsync(_tail);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _head.Length + bytes + _tail.Length;
            return declareLength;
        }
    }

    [Fact]
    public async Task An_upload_above_two_gigabytes_is_refused_in_Dutch_without_holding_it_in_memory()
    {
        await using var w = await ReadOutPageWorld.CreateAsync(DatabaseProvider.Sqlite, "gap2gb", kestrel: true);
        using var api = await w.Server.CreateClientForUserAsync("informatieprofessional.bzk");
        api.Timeout = TimeSpan.FromMinutes(20);
        var url = $"/api/read-outs/{w.ReadOut.Id}/uploads";
        var tooLarge = ReadOutApi.MaxUploadBytes + (16L << 20); // 2 GiB and 16 MiB

        // Declared too large: refused before a byte of the body is read.
        var declared = new GeneratedUpload(tooLarge, "grens", declareLength: true);
        declared.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=grens");
        using (var response = await api.PostAsync(url, declared))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("het maximum voor deze functie", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Sent without a length (chunked): the server counts while it streams the body to disk and refuses past the limit.
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        long highest = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                highest = Math.Max(highest, process.WorkingSet64);
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var streamed = new GeneratedUpload(tooLarge, "grens", declareLength: false);
        streamed.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=grens");
        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        string body;
        using (var response = await api.PostAsync(url, streamed))
        {
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
        }
        await sampling.CancelAsync();
        await sampler;
        var grewMiB = (highest - before) / (1024 * 1024);
        output.WriteLine($"streamed {streamed.Sent / (1024 * 1024)} MiB in {watch.Elapsed.TotalSeconds:0.0} s; working set before {before / (1024 * 1024)} MiB, highest {highest / (1024 * 1024)} MiB (+{grewMiB} MiB)");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("groter dan", body, StringComparison.Ordinal);
        Assert.True(streamed.Sent > ReadOutApi.MaxUploadBytes / 2, $"the body streamed ({streamed.Sent} bytes) before the refusal");
        // A body held in memory would add its 2 GiB to the working set; streamed to disk it adds at most buffers.
        Assert.True(grewMiB < 512, $"working set grew by {grewMiB} MiB while streaming {streamed.Sent / (1024 * 1024)} MiB");

        // Nothing stored: the read-out still waits for its export.
        Assert.Equal(ReadOutStage.Planned, (await w.Service.GetAsync(w.ReadOut.Id))!.Stage);
        await using var db = w.Server.CreateDbContext();
        Assert.Equal(0, await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM ro_uploads WHERE read_out_id = {0}", w.ReadOut.Id).SingleAsync());
    }
}
