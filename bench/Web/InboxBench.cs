using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Bench.Web;

/// <summary>
/// Inbox benchmark (issue 13): GET /taken answers with p99 &lt; 100 ms under 50 concurrent users on PostgreSQL.
/// The real server listens on a free loopback port (Kestrel); generated tasks for every demo department (open,
/// claimed, overdue and many completed ones, as a year of work leaves behind); 50 information professionals spread
/// over the departments sign in through the sign-in page; <c>wrk</c> (Debian) keeps 50 connections busy, each request
/// carrying one of the 50 users' cookies in turn, and counts every answer that is not 200.
/// </summary>
public static partial class InboxBench
{
    private const int Users = 50;

    public static async Task<int> RunAsync(int openPerDepartment, int seconds)
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.PostgreSql, kestrel: true, purpose: "benchinbox",
            settings: new Dictionary<string, string?>
            {
                // The server's own default session check (30 s), not the tests' check on every request.
                [SessionStore.CheckIntervalKey] = null,
                // The server's own log levels (appsettings.json): the test host runs as Development, whose settings
                // write about ten lines per request to the console; a deployed server does not.
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            });
        var setup = Stopwatch.StartNew();
        var (open, total) = await GenerateTasksAsync(server, openPerDepartment);
        var userNames = await CreateUsersAsync(server);
        var cookies = new List<string>();
        foreach (var u in userNames) cookies.Add((await server.SignInCookieAsync(u)).Value);
        setup.Stop();
        Console.WriteLine($"{total} tasks ({open} open or claimed) in {DemoDepartments} departments, {Users} users signed in; set up in {setup.Elapsed.TotalSeconds:F1} s");

        // Every cookie opens the inbox (no redirect to the sign-in page), and the inbox lists the department's tasks.
        using (var check = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress })
        {
            foreach (var cookie in cookies)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/taken");
                request.Headers.Add("Cookie", $"{AuthSchemes.CookieName}={cookie}");
                request.Headers.Accept.ParseAdd("text/html");
                using var response = await check.SendAsync(request);
                var html = await response.Content.ReadAsStringAsync();
                var team = TeamCount().Match(html);
                if (response.StatusCode != HttpStatusCode.OK || !team.Success || int.Parse(team.Groups[1].Value, CultureInfo.InvariantCulture) < openPerDepartment / 2)
                {
                    Console.WriteLine($"unexpected inbox: {(int)response.StatusCode}, team count {(team.Success ? team.Groups[1].Value : "missing")}");
                    return 1;
                }
            }
        }

        var script = Path.Combine(Path.GetTempPath(), $"inbox-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, LuaScript(cookies));
        try
        {
            var url = new Uri(server.BaseAddress, "/taken").ToString();
            // Warm-up (JIT and its tiering to optimized code, page compilation, connection pools), then the measured run.
            // A short warm-up on a loaded machine leaves the runtime compiling optimized code during the measured run,
            // which the CPU per request then includes (seen: 3 to 4 methods compiled per request after 5 s of warm-up).
            // Then warm up on in steps of 5 s until the JIT has settled (fewer than 5 methods a second; at most
            // INBOX_WARMUP_MAX_SECONDS, default 180): the runtime promotes every method called often enough to optimized
            // code in the background, and on this server (EF Core, Elsa, Hangfire, and the set-up's own inserts) that is
            // thousands of methods; on 2 busy cores it takes minutes, and a server that runs for days has long done it.
            var warmup = int.TryParse(Environment.GetEnvironmentVariable("INBOX_WARMUP_SECONDS"), out var w) ? w : 20;
            var maxWarmup = int.TryParse(Environment.GetEnvironmentVariable("INBOX_WARMUP_MAX_SECONDS"), out var mw) ? mw : 180;
            var warmupJit = System.Runtime.JitInfo.GetCompiledMethodCount();
            await WrkAsync(script, url, warmup, print: false);
            long lastStep = -1;
            var quietSteps = 0;
            while (warmup + 5 <= maxWarmup)
            {
                var stepStart = System.Runtime.JitInfo.GetCompiledMethodCount();
                await WrkAsync(script, url, 5, print: false);
                warmup += 5;
                lastStep = System.Runtime.JitInfo.GetCompiledMethodCount() - stepStart;
                // Two quiet steps in a row: the runtime promotes in bursts (seen: a quiet 5 s, then 800 methods).
                quietSteps = lastStep < 25 ? quietSteps + 1 : 0;
                if (quietSteps == 2) break;
            }
            Console.WriteLine($"warm-up: {warmup} s, {System.Runtime.JitInfo.GetCompiledMethodCount() - warmupJit} methods compiled in it, " +
                $"{(lastStep < 0 ? "not waited for the JIT" : $"{lastStep} in its last 5 s")}");
            Console.WriteLine($"[bench] load average at start of the measured run: {File.ReadAllText("/proc/loadavg").Trim()}");
            // CPU of this process (the server in it, and the set-up client, idle now) during the measured run; PostgreSQL and wrk are other processes.
            var before = Snapshot.Take();
            var mapBefore = PerfMap.Read();
            using var compilations = new EfQueryCompilations();
            var cluster = await OtherCpu.PostgresAsync(server);
            var result = await WrkAsync(script, url, seconds, print: true, cpu: cluster);
            var used = Snapshot.Take() - before;
            PerfMap.PrintNew(mapBefore, PerfMap.Read(), requests: result?.Requests ?? 0);
            compilations.Print(result?.Requests ?? 0);
            if (result is null) return 1;
            var (p50, p90, p99, max, requests, bad) = result.Value;
            Console.WriteLine($"server CPU during the measured run: {used.Cpu.TotalSeconds:F1} s, {used.Cpu.TotalMilliseconds / Math.Max(1, requests):F2} ms per request; " +
                $"{used.Allocated / 1024.0 / Math.Max(1, requests):F0} KB allocated per request; JIT in the run: {used.JitMethods} methods, {used.JitTime.TotalMilliseconds:F0} ms; " +
                $"GC: {used.Gen0} gen0, {used.Gen1} gen1, {used.Gen2} gen2 (warm-up {warmup} s)");
            // The other two processes on the same cores: with no think time, throughput is bounded by the sum.
            Console.WriteLine($"other CPU during the measured run: PostgreSQL {cluster.Postgres.TotalMilliseconds / Math.Max(1, requests):F2} ms per request, " +
                $"wrk {cluster.Wrk.TotalMilliseconds / Math.Max(1, requests):F2} ms per request; server + PostgreSQL + wrk " +
                $"{(used.Cpu + cluster.Postgres + cluster.Wrk).TotalMilliseconds / Math.Max(1, requests):F2} ms per request");
            await BreakdownAsync(server, cookies[0], userNames[0]);
            Console.WriteLine($"inbox GET /taken, {Users} concurrent users (wrk -c {Users}), {seconds} s: {requests} requests ({requests / (double)seconds:F0}/s), " +
                $"p50 {p50:F1} ms, p90 {p90:F1} ms, p99 {p99:F1} ms, max {max:F1} ms, not 200: {bad}; target p99 < 100 ms: {(p99 < 100 && bad == 0 ? "met" : "NOT met")}");
            return bad == 0 ? 0 : 1;
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>
    /// What the JIT compiled during the measured run, by name: with <c>DOTNET_PerfMapEnabled=1</c> the runtime lists
    /// every compiled method (and its tier) in /tmp/perf-PID.map; the lines added during the run are grouped by method
    /// (tier and dynamic-method number left out), so code made anew per request shows as a count near the request count.
    /// </summary>
    private static partial class PerfMap
    {
        private static string FilePath => $"/tmp/perf-{Environment.ProcessId}.map";

        public static int Read() => File.Exists(FilePath) ? File.ReadLines(FilePath).Count() : -1;

        public static void PrintNew(int linesBefore, int linesAfter, long requests)
        {
            if (linesBefore < 0) return;
            var added = File.ReadLines(FilePath).Skip(linesBefore).Take(linesAfter - linesBefore)
                .Select(l => l.Split(' ', 3) is { Length: 3 } p ? p[2] : l).ToList();
            var tiers = added.GroupBy(n => TierOf().Match(n) is { Success: true } m ? m.Groups[1].Value : "?").OrderByDescending(g => g.Count());
            Console.WriteLine($"perf map: {added.Count} methods compiled during the run ({requests} requests); by tier: " +
                string.Join(", ", tiers.Select(g => $"{g.Key} {g.Count()}")));
            foreach (var g in added.GroupBy(n => Numbered().Replace(TierOf().Replace(n, ""), "#")).OrderByDescending(g => g.Count()).Take(25))
                Console.WriteLine($"perf map: {g.Count(),6} × {(g.Key.Length > 220 ? g.Key[..220] + "…" : g.Key)}");
        }

        [GeneratedRegex(@"\[([A-Za-z0-9]+)\]$")]
        private static partial Regex TierOf();

        [GeneratedRegex(@"\d+")]
        private static partial Regex Numbered();
    }

    /// <summary>
    /// EF Core queries compiled (LINQ translated to SQL and a shaper) while this lives: EF writes an event to its
    /// DiagnosticListener for every query it does not find in its query cache. A warm server compiles none; a query whose
    /// expression differs per request compiles per request, which the JIT list then shows as new code.
    /// </summary>
    private sealed class EfQueryCompilations : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> subscriptions = [];
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> expressions = new();
        private int count;

        public EfQueryCompilations() => subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (subscriptions) subscriptions.Add(listener.Subscribe(this, name => name == CoreEventId.QueryCompilationStarting.Name));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            Interlocked.Increment(ref count);
            // The expression with its parameters (no values); the first line names the query well enough.
            var text = e.Value is QueryExpressionEventData q ? ExpressionPrinter.Print(q.Expression) : e.Key;
            expressions.AddOrUpdate(text.Length > 300 ? text[..300] : text, 1, (_, n) => n + 1);
        }

        public void Print(long requests)
        {
            Console.WriteLine($"EF Core queries compiled during the run: {count} ({requests} requests)");
            foreach (var (text, n) in expressions.OrderByDescending(x => x.Value).Take(5))
                Console.WriteLine($"EF Core compiled {n} × {text.ReplaceLineEndings(" ")}");
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (subscriptions) foreach (var s in subscriptions) s.Dispose();
        }
    }

    /// <summary>What the process used between two moments: CPU, allocated bytes, JIT work and collections.</summary>
    private readonly record struct Snapshot(TimeSpan Cpu, long Allocated, long JitMethods, TimeSpan JitTime, int Gen0, int Gen1, int Gen2)
    {
        public static Snapshot Take() => new(Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(),
            System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

        public static Snapshot operator -(Snapshot a, Snapshot b) =>
            new(a.Cpu - b.Cpu, a.Allocated - b.Allocated, a.JitMethods - b.JitMethods, a.JitTime - b.JitTime, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2);
    }

    /// <summary>
    /// Where a request's CPU goes, one request at a time (wrk -c 1, a separate process, so this process's CPU is the
    /// server's): the inbox against the error page (sign-in check, permission matrix, layout, no task query), and the
    /// inbox's database calls alone, called here in the server's process as the page calls them.
    /// </summary>
    private static async Task BreakdownAsync(ServerFixture server, string cookie, string userName)
    {
        var script = Path.Combine(Path.GetTempPath(), $"inbox-one-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, LuaScript([cookie]));
        try
        {
            foreach (var path in new[] { "/taken", "/fout/404" })
            {
                var url = new Uri(server.BaseAddress, path).ToString();
                var before = Snapshot.Take();
                var r = await WrkAsync(script, url, 5, print: false, connections: 1);
                var used = Snapshot.Take() - before;
                if (r is null) continue;
                Console.WriteLine($"breakdown: GET {path}, one at a time: {r.Value.Requests} requests, p50 {r.Value.P50:F1} ms, " +
                    $"CPU {used.Cpu.TotalMilliseconds / Math.Max(1, r.Value.Requests):F2} ms and {used.Allocated / 1024.0 / Math.Max(1, r.Value.Requests):F0} KB per request");
            }
        }
        finally
        {
            File.Delete(script);
        }

        long userId;
        string department;
        await using (var db = server.CreateDbContext())
        {
            var user = await db.Set<User>().SingleAsync(u => u.UserName == userName);
            userId = user.Id;
            department = (await db.Set<Department>().SingleAsync(d => d.Id == user.DepartmentId)).Code;
        }
        var tasks = server.Services.GetRequiredService<ChatArchive.Workflows.Engine.HumanTasks.IHumanTaskService>();
        var me = userId.ToString(CultureInfo.InvariantCulture);
        var visible = new ChatArchive.Workflows.Engine.HumanTasks.HumanTaskQuery
        {
            Departments = [department],
            Statuses = [ChatArchive.Workflows.Engine.HumanTasks.HumanTaskStatus.Open, ChatArchive.Workflows.Engine.HumanTasks.HumanTaskStatus.Claimed],
            PageSize = 25,
        };
        var inboxQuery = new ChatArchive.Workflows.Engine.HumanTasks.HumanTaskInboxQuery
        {
            Departments = [department], User = me, Roles = [Roles.InformationProfessional], PageSize = 25,
        };
        var viaContext = new EfHumanTaskStore(server.Services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>());
        var stages = new (string Name, Func<Task> Call)[]
        {
            ("kinds (DISTINCT title, uncached)", () => tasks.TitlesAsync(visible with { User = me, Roles = [Roles.InformationProfessional] })),
            ("mine (page, nothing claimed)", () => tasks.ListAsync(visible with { User = me, Roles = [] })),
            ("team (page with its count)", () => tasks.ListAsync(visible with { Roles = [Roles.InformationProfessional], ExceptUser = me })),
            ("inbox (mine and team with their counts, one round trip; what the page calls)", () => tasks.InboxAsync(inboxQuery)),
            // The same statement through an EF Core context's connection (the store before it got the database options).
            ("inbox through an EF Core context's connection", () => viaContext.InboxAsync(inboxQuery)),
        };
        foreach (var (name, call) in stages)
        {
            for (var i = 0; i < 50; i++) await call();
            const int calls = 300;
            var cluster = await OtherCpu.PostgresAsync(server);
            var before = Snapshot.Take();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++) await call();
            var used = Snapshot.Take() - before;
            cluster.Stop();
            Console.WriteLine($"breakdown: {name}: {clock.Elapsed.TotalMilliseconds / calls:F2} ms per call, CPU {used.Cpu.TotalMilliseconds / calls:F2} ms, " +
                $"{used.Allocated / 1024.0 / calls:F0} KB allocated; PostgreSQL CPU {cluster.Postgres.TotalMilliseconds / calls:F2} ms");
        }
    }

    private static int DemoDepartments => ChatArchive.Server.Demo.DemoRegistry.Departments.Count;

    [GeneratedRegex(@"Taken van mijn team \((\d+)\)")]
    private static partial Regex TeamCount();

    /// <summary>Per department: open tasks for the professionals (a quarter overdue), some claimed, and ten times as many completed.</summary>
    private static async Task<(int Open, int Total)> GenerateTasksAsync(ServerFixture server, int openPerDepartment)
    {
        var now = DateTime.UtcNow;
        string[] titles = ["Export uploaden", "Berichten beoordelen (schonen)", "Bevindingen beantwoorden", "Intakegesprek met de bewindspersoon", "Vertrekchecklist doorlopen"];
        var open = 0;
        var total = 0;
        foreach (var d in ChatArchive.Server.Demo.DemoRegistry.Departments)
        {
            await using var db = server.CreateDbContext();
            for (var g = 0; g < openPerDepartment * 11 / 5 + 1; g++)
            {
                // The tasks' workflow instances (finished, so the engine leaves them alone; the inbox only lists tasks).
                db.Add(new WorkflowInstanceRow
                {
                    Id = $"bench-instance-{d.Code}-{g}", DefinitionId = $"{d.Code.ToLowerInvariant()}--periodic-readout", DefinitionVersionId = "bench",
                    Version = 1, TenantId = d.Code, Status = "Finished", SubStatus = "Finished", CreatedAt = now.AddDays(-30), UpdatedAt = now, FinishedAt = now,
                });
            }
            // The instances first: EF does not know the tasks' foreign key, so one SaveChanges may insert a task before its instance.
            await db.SaveChangesAsync();
            for (var i = 0; i < openPerDepartment * 11; i++)
            {
                var isOpen = i < openPerDepartment;
                var claimed = isOpen && i % 10 == 0;
                db.Add(new HumanTaskRow
                {
                    Id = $"bench-{d.Code}-{i}",
                    InstanceId = $"bench-instance-{d.Code}-{i / 5}",
                    DefinitionId = $"{d.Code.ToLowerInvariant()}--periodic-readout",
                    ActivityId = $"taak{i % 5}",
                    ActivityNodeId = $"flow:taak{i % 5}",
                    Department = d.Code,
                    Title = titles[i % titles.Length],
                    AssigneeRole = Roles.InformationProfessional,
                    DueAt = now.AddDays(i % 4 == 0 ? -3 - i % 7 : 2 + i % 20),
                    Outcomes = "[\"Gereed\"]",
                    Status = isOpen ? (claimed ? "Claimed" : "Open") : "Completed",
                    ClaimedBy = claimed || !isOpen ? "0" : null,
                    ClaimedAt = claimed || !isOpen ? now.AddDays(-1) : null,
                    CompletedBy = isOpen ? null : "0",
                    CompletedAt = isOpen ? null : now.AddDays(-1 - i % 300),
                    Outcome = isOpen ? null : "Gereed",
                    CreatedAt = now.AddDays(-30 - i % 300),
                });
                if (isOpen) open++;
                total++;
            }
            await db.SaveChangesAsync();
        }
        return (open, total);
    }

    private static async Task<List<string>> CreateUsersAsync(ServerFixture server)
    {
        await using var db = server.CreateDbContext();
        var departments = await db.Set<Department>().OrderBy(d => d.Id).ToListAsync();
        var names = new List<string>();
        for (var i = 0; i < Users; i++)
        {
            var d = departments[i % departments.Count];
            var name = $"bench.professional.{i}";
            db.Add(new User { UserName = name, DisplayName = $"Informatieprofessional {d.Code} {i}", Roles = [Roles.InformationProfessional], DepartmentId = d.Id });
            names.Add(name);
        }
        await db.SaveChangesAsync();
        return names;
    }

    /// <summary>Each request takes the next user's cookie (per wrk thread, so all 50 users are busy); non-200 answers are counted.</summary>
    private static string LuaScript(IReadOnlyList<string> cookies)
    {
        var lua = new StringBuilder("cookies = {\n");
        foreach (var c in cookies) lua.Append("  \"").Append(c.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append("\",\n");
        lua.Append("}\n");
        lua.Append($$"""
            local threads = {}
            function setup(thread)
              table.insert(threads, thread)
              thread:set("n", #threads * 7)
            end
            function init(args)
              bad = 0
            end
            function request()
              n = n + 1
              return wrk.format("GET", nil, { ["Cookie"] = "{{AuthSchemes.CookieName}}=" .. cookies[(n % #cookies) + 1], ["Accept"] = "text/html" })
            end
            function response(status, headers, body)
              if status ~= 200 then bad = bad + 1 end
            end
            function done(summary, latency, requests)
              local b = 0
              for _, t in ipairs(threads) do b = b + t:get("bad") end
              io.write(string.format("RESULT %.3f %.3f %.3f %.3f %d %d\n", latency:percentile(50) / 1000, latency:percentile(90) / 1000,
                latency:percentile(99) / 1000, latency.max / 1000, summary.requests, b + summary.errors.status))
            end

            """);
        return lua.ToString();
    }

    /// <summary>
    /// CPU of the processes beside the server during a wrk run, from /proc (Linux): the throwaway PostgreSQL cluster the
    /// server uses (its postmaster and every backend) and wrk itself. With no think time the three share the cores.
    /// </summary>
    private sealed class OtherCpu
    {
        private readonly int postmaster;
        private TimeSpan postgresBefore;
        public TimeSpan Postgres { get; private set; }
        public TimeSpan Wrk { get; set; }

        private OtherCpu(int postmaster) => this.postmaster = postmaster;

        /// <summary>The cluster behind the server's connection string: the parent of one of its backends.</summary>
        public static async Task<OtherCpu> PostgresAsync(ServerFixture server)
        {
            await using var conn = DatabaseSetup.CreateConnection(server.Database);
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT pg_backend_pid()";
            var backend = Convert.ToInt32(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            var parent = File.ReadLines($"/proc/{backend}/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            var cpu = new OtherCpu(int.Parse(parent[5..].Trim(), CultureInfo.InvariantCulture));
            cpu.postgresBefore = cpu.ClusterCpu();
            return cpu;
        }

        public void Stop() => Postgres = ClusterCpu() - postgresBefore;

        private TimeSpan ClusterCpu()
        {
            var total = Ticks(postmaster);
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    if (ParentOf(pid) == postmaster) total += Ticks(pid);
                }
                catch (IOException) { } // ended meanwhile
                catch (UnauthorizedAccessException) { }
            }
            return total;
        }

        private static int ParentOf(int pid) => int.Parse(Stat(pid)[1], CultureInfo.InvariantCulture);

        /// <summary>utime + stime of one process (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s).</summary>
        public static TimeSpan Ticks(int pid)
        {
            try
            {
                var f = Stat(pid);
                return TimeSpan.FromMilliseconds(10.0 * (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return TimeSpan.Zero;
            }
        }

        /// <summary>The fields of /proc/PID/stat after the command name (which may hold spaces): [0] state, [1] ppid, … [11] utime, [12] stime.</summary>
        private static string[] Stat(int pid)
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
    }

    private static async Task<(double P50, double P90, double P99, double Max, long Requests, long Bad)?> WrkAsync(string script, string url, int seconds, bool print,
        int connections = Users, OtherCpu? cpu = null)
    {
        var info = new ProcessStartInfo("wrk", ["-t", connections == 1 ? "1" : "2", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--latency", "--timeout", "10s", "-s", script, url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var wrk = Process.Start(info)!;
        // wrk's own CPU: read from /proc while it runs (once it has exited and been reaped it is gone).
        using var watching = new CancellationTokenSource();
        var watch = cpu is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                var t = OtherCpu.Ticks(wrk.Id);
                if (t > cpu.Wrk) cpu.Wrk = t;
                try { await Task.Delay(100, watching.Token); } catch (OperationCanceledException) { }
            }
        });
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        cpu?.Stop();
        await watching.CancelAsync();
        await watch;
        await wrk.WaitForExitAsync();
        if (print) Console.Write(output);
        var m = Regex.Match(output, @"RESULT ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)");
        if (wrk.ExitCode != 0 || !m.Success)
        {
            Console.WriteLine($"wrk failed ({wrk.ExitCode}): {errors}");
            return null;
        }
        double D(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        return (D(1), D(2), D(3), D(4), long.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[6].Value, CultureInfo.InvariantCulture));
    }
}
