using ChatArchive.Bench.Engine;

// bench/Engine/run.sh passes the arguments; see docs/benchmarks.engine.md.
//   timers [--provider postgres|sqlite] [--instances 10000] [--setup-seconds 240] [--workers 8]
//   resume [--provider postgres|sqlite] [--small 1000] [--large 100000] [--samples 200]
//   steps [--provider postgres|sqlite] [--instances 1000] [--workers 8] [--steps-per-transaction 100]
//   javascript [--evaluations 20000]
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
int Int(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);

var what = args.Length > 0 ? args[0] : "all";
var provider = Arg("provider", "postgres");
var code = 0;
if (what is "timers" or "all")
{
    code |= await TimerBurstBenchmark.RunAsync(provider, Int("instances", 10_000), Int("setup-seconds", 240), Int("workers", 8), Int("claim-batch", 16));
}
if (what is "resume" or "all")
{
    code |= await ResumeBenchmark.RunAsync(provider, Int("small", 1_000), Int("large", 100_000), Int("samples", 200));
}
if (what is "steps" or "all")
{
    code |= await StepThroughputBenchmark.RunAsync(provider, Int("instances", 1_000), Int("workers", 8), Int("steps-per-transaction", 100), Int("claim-batch", 16));
}
if (what is "javascript" or "all")
{
    code |= JavaScriptBenchmark.Run(Int("evaluations", 20_000));
}
return code;
