using System.Diagnostics;
using System.Net;
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
        var token = (await w.Server.IssueTokenAsync("informatieprofessional.bzk")).AccessToken;
        var url = $"/api/read-outs/{w.ReadOut.Id}/uploads";
        var tooLarge = ReadOutApi.MaxUploadBytes + (16L << 20); // 2 GiB and 16 MiB

        // Declared too large: refused before a byte of the body is sent.
        using (var declared = new System.Net.Sockets.TcpClient())
        {
            await declared.ConnectAsync(w.Server.BaseAddress.Host, w.Server.BaseAddress.Port);
            var stream = declared.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST {url} HTTP/1.1\r\nHost: {w.Server.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n" +
                $"Content-Type: multipart/form-data; boundary=grens\r\nContent-Length: {tooLarge}\r\n\r\n"));
            var refused = await AnswerAsync(stream).WaitAsync(TimeSpan.FromMinutes(5));
            Assert.StartsWith("HTTP/1.1 413", refused, StringComparison.Ordinal);
            Assert.Contains("het maximum voor deze functie", refused, StringComparison.Ordinal);
        }

        // Sent without a length (chunked) over a plain socket, the answer read while the body is still being written: the
        // server counts while it streams the body to disk and refuses once it passes the limit.
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
        var watch = Stopwatch.StartNew();
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(w.Server.BaseAddress.Host, w.Server.BaseAddress.Port);
        var net = tcp.GetStream();
        var head = Encoding.ASCII.GetBytes($"POST {url} HTTP/1.1\r\nHost: {w.Server.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            "Content-Type: multipart/form-data; boundary=grens\r\nTransfer-Encoding: chunked\r\n\r\n");
        await net.WriteAsync(head);
        var reading = AnswerAsync(net);
        var upload = new GeneratedUpload(tooLarge, "grens", declareLength: false);
        var writing = Task.Run(async () =>
        {
            try
            {
                await upload.CopyToAsync(new ChunkedStream(net));
                await net.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
            catch (Exception e) when (e is HttpRequestException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException) { } // refused mid-body
        });
        await reading.WaitAsync(TimeSpan.FromMinutes(15));
        tcp.Close(); // a write the server no longer reads ends here
        await writing;
        var sent = upload.Sent;
        await sampling.CancelAsync();
        await sampler;
        var text = await reading;
        var grewMiB = (highest - before) / (1024 * 1024);
        output.WriteLine($"streamed {sent / (1024 * 1024)} MiB in {watch.Elapsed.TotalSeconds:0.0} s; working set before {before / (1024 * 1024)} MiB, " +
            $"highest {highest / (1024 * 1024)} MiB (+{grewMiB} MiB); answer: {text.Split("\r\n")[0]}");

        Assert.StartsWith("HTTP/1.1 413", text, StringComparison.Ordinal);
        Assert.Contains("groter dan", text, StringComparison.Ordinal);
        Assert.True(sent > ReadOutApi.MaxUploadBytes / 2, $"the body streamed ({sent} bytes) before the refusal");
        // A body held in memory would add its 2 GiB to the working set; streamed to disk it adds at most buffers.
        Assert.True(grewMiB < 512, $"working set grew by {grewMiB} MiB while streaming {sent / (1024 * 1024)} MiB");

        // Nothing stored: the read-out still waits for its export.
        Assert.Equal(ReadOutStage.Planned, (await w.Service.GetAsync(w.ReadOut.Id))!.Stage);
        await using var db = w.Server.CreateDbContext();
        Assert.Equal(0, await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM ro_uploads WHERE read_out_id = {0}", w.ReadOut.Id).SingleAsync());
    }

    /// <summary>Reads one HTTP/1.1 answer: its head and its body (by Content-Length or to the last chunk), or until the server closes.</summary>
    private static async Task<string> AnswerAsync(Stream net)
    {
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int n;
            while ((n = await net.ReadAsync(buffer)) > 0)
            {
                answer.Write(buffer, 0, n);
                var text = Encoding.UTF8.GetString(answer.ToArray());
                var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (headEnd < 0) continue;
                var length = Regex.Match(text[..headEnd], @"(?im)^Content-Length:\s*(\d+)");
                if (length.Success && answer.Length - Encoding.UTF8.GetByteCount(text[..(headEnd + 4)]) >= long.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) break;
                if (!length.Success && text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal)) break;
            }
        }
        catch (IOException) { } // the server closes the connection after its answer
        return Encoding.UTF8.GetString(answer.ToArray());
    }

    /// <summary>Writes what it is given as HTTP/1.1 chunks (size line, data, CRLF).</summary>
    private sealed class ChunkedStream(Stream inner) : Stream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.Length == 0) return;
            await inner.WriteAsync(Encoding.ASCII.GetBytes(buffer.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"), cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
            await inner.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
