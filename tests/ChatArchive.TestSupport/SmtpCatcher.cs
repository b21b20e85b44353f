using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace ChatArchive.TestSupport;

/// <summary>
/// A real SMTP server for tests: Debian's aiosmtpd (<c>/usr/bin/python3 -m aiosmtpd</c>) on a free loopback port,
/// writing every accepted mail into a Maildir folder. It can be stopped and started again on the same port and
/// folder, to test delivery while the server is down. Only the process this class started is ever stopped.
/// While it is down the port stays reserved (bound, not listening: a connection is refused as by a stopped server),
/// so another test's server cannot be handed the same port and receive this test's mail, or send its own here.
/// </summary>
public sealed class SmtpCatcher : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";
    private Process? process;
    private Socket? reservation;

    private SmtpCatcher(int port, string mailDir)
    {
        Port = port;
        MailDir = mailDir;
    }

    public int Port { get; }

    public string MailDir { get; }

    public bool Running => process is { HasExited: false };

    public static async Task<SmtpCatcher> StartAsync()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException("Debian python3 is missing; scripts/test.sh installs python3-aiosmtpd.");
        }
        // aiosmtpd's Mailbox handler creates the Maildir (tmp, new, cur) only when the folder does not exist yet.
        var catcher = new SmtpCatcher(FreePort(), Path.Combine(Directory.CreateTempSubdirectory("chatarchive-smtp-").FullName, "maildir"));
        await catcher.StartAgainAsync();
        return catcher;
    }

    public async Task StartAgainAsync()
    {
        if (Running) return;
        reservation?.Dispose();
        reservation = null;
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", MailDir })
        {
            psi.ArgumentList.Add(a);
        }
        process = Process.Start(psi) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"aiosmtpd exited with {process.ExitCode} (is python3-aiosmtpd installed?).");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                // A server that is not ours could answer on the port: ours would then exit on its failed bind.
                await Task.Delay(200);
                if (process.HasExited) throw new InvalidOperationException($"aiosmtpd exited with {process.ExitCode}: port {Port} is taken by another process.");
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"aiosmtpd did not listen on port {Port} within 20 s.");
    }

    /// <summary>Stops the server (this process only); mail already accepted stays in the folder.</summary>
    public async Task StopAsync()
    {
        if (process is null) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        process = null;
        reservation = Reserve(Port);
    }

    /// <summary>Binds the port without listening; null if that is not possible now (then the port is merely free).</summary>
    private static Socket? Reserve(int port)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                // The second try allows a port whose last connections still linger (TIME_WAIT) after the kill.
                if (attempt == 1) socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }
        return null;
    }

    /// <summary>Every mail received so far, parsed.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var result = new List<MimeMessage>();
        foreach (var sub in new[] { "new", "cur" })
        {
            var dir = Path.Combine(MailDir, sub);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                using var stream = File.OpenRead(file);
                result.Add(MimeMessage.Load(stream));
            }
        }
        return result;
    }

    /// <summary>Waits until at least <paramref name="count"/> mails have arrived (or the timeout passes) and returns them all.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = Messages();
            if (messages.Count >= count || DateTime.UtcNow > deadline) return messages;
            await Task.Delay(100);
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        reservation?.Dispose();
        reservation = null;
        try
        {
            Directory.Delete(Path.GetDirectoryName(MailDir)!, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder sweep; nothing depends on it.
        }
    }
}
