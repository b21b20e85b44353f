using System.Diagnostics;
using System.Globalization;
using ChatArchive.Sealing.Bench;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Mdto;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Storage;
using ChatArchive.Sealing.Verification;

// Usage: ChatArchive.Sealing.Bench <attachments-folder> <work-folder> [--no-fsync] [--parallel N]
// --parallel N: attachments copied at once while sealing, and files hashed at once while verifying (default 1).
// Prints one line per phase: "<phase> <bytes> <seconds> <MB/s>" (MB = 10^6 bytes), for run.sh to compare with openssl.
if (args.Length < 2)
{
    Console.Error.WriteLine("Gebruik: ChatArchive.Sealing.Bench <map-met-bijlagen> <werkmap> [--no-fsync] [--parallel N]");
    return 2;
}
var files = Path.GetFullPath(args[0]);
var work = Path.GetFullPath(args[1]);
var fsync = !args.Contains("--no-fsync");
var parallel = args.SkipWhile(a => a != "--parallel").Skip(1).Select(int.Parse).FirstOrDefault(1);
if (Directory.Exists(work)) Directory.Delete(work, recursive: true);

var options = new SealingOptions(Path.Combine(work, "archive"), null, Path.Combine(work, "key.pem"), true, Path.Combine(work, "vault"), null, null,
    TimeSpan.FromHours(24), MdtoWriter.Valuation.B, CopyParallelism: parallel);
var store = new FileSystemArchiveStore(options.StoreFolder, flushToDisk: fsync);
using var key = ArchiveKey.Generate();
var source = new BenchSource(files);
var bytes = source.Files.Sum(f => new FileInfo(f).Length);

var sw = Stopwatch.StartNew();
var run = await new SealService(store, source, key, options, TimeProvider.System, null).SealAsync(BenchSource.Officeholder.Id, "whatsapp", "bench");
var sealSeconds = sw.Elapsed.TotalSeconds;
Report((fsync ? "seal-fsync" : "seal-no-fsync") + Suffix(parallel), bytes, sealSeconds);

sw.Restart();
var report = await new PackageVerifier(store, key, parallel).VerifyAllAsync();
Report("verify" + Suffix(parallel), bytes, sw.Elapsed.TotalSeconds);
if (!report.Valid || run.Sealed.Count != 1)
{
    Console.Error.WriteLine("Benchmark package is not valid: " + report.ToJson());
    return 1;
}
return 0;

static string Suffix(int parallel) => parallel == 1 ? "" : $"-parallel-{parallel}";

static void Report(string phase, long bytes, double seconds) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase} {bytes} {seconds:F3} {bytes / seconds / 1e6:F1}"));
