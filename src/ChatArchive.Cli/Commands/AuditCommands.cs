using System.CommandLine;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;

namespace ChatArchive.Cli;

/// <summary>
/// <c>chatarchive audit verify</c> and <c>audit anchor</c>. verify: exit 0 when the trail is intact, 1 with a Dutch
/// list of problems (edited, removed, inserted or reordered rows, a truncated tail), 2 when it could not run.
/// </summary>
public static class AuditCommands
{
    public static IEnumerable<Command> Create()
    {
        var audit = new Command("audit", "Auditspoor: controleren en verankeren");

        var json = new Option<bool>("--json") { Description = "Uitvoer als JSON: {\"valid\",\"events\",\"headSequence\",\"headHash\",\"anchors\",\"problems\"}" };
        var verify = new Command("verify", "Controleert de hashketen van het auditspoor en vergelijkt het einde met de ankers");
        verify.Options.Add(json);
        verify.SetAction(async (parse, ct) => await Guarded(async database =>
        {
            var report = await AuditVerifier.VerifyAsync(new AuditTrail(database, TimeProvider.System), Anchors(database), ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(report.ToJson());
            }
            else
            {
                Console.WriteLine(report.Valid
                    ? $"In orde: {report.Events} gebeurtenis(sen) gecontroleerd tegen {report.Anchors} anker(s), geen problemen."
                    : $"NIET in orde: {report.Problems.Count} probleem/problemen in {report.Events} gebeurtenis(sen).");
                foreach (var p in report.Problems) Console.WriteLine($"  [{p.Kind}] {p.Detail}");
            }
            return report.Valid ? 0 : 1;
        }));

        var anchor = new Command("anchor", "Schrijft het einde van het auditspoor nu naar het ankerbestand (de server doet dat elk uur)");
        anchor.SetAction(async (parse, ct) => await Guarded(async database =>
        {
            var anchors = Anchors(database);
            var trail = new AuditTrail(database, TimeProvider.System);
            var written = await AuditVerifier.AnchorAsync(trail, anchors, TimeProvider.System, null, ct);
            var head = await trail.HeadAsync(ct);
            Console.WriteLine(head is null
                ? "Het auditspoor is leeg; er is niets te verankeren."
                : written is null
                    ? $"Gebeurtenis {head.Sequence} was al verankerd in {anchors.FilePath}."
                    : $"Gebeurtenis {written.Sequence} ({written.Hash}) verankerd in {anchors.FilePath}.");
            return 0;
        }));

        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(anchor);
        yield return audit;
    }

    internal static AuditAnchors Anchors(DatabaseOptions database) =>
        AuditAnchors.FromLookup(k => CliConfiguration.Current[k], database.DataFolder);

    private static async Task<int> Guarded(Func<DatabaseOptions, Task<int>> body)
    {
        DatabaseOptions database;
        try
        {
            database = CliConfiguration.Database();
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"Fout in de configuratie: {e.Message}");
            return 2;
        }
        // The audit table may be newer than the database: bring the schema up to date first (as 'seal' does).
        await new DatabaseMigrator(database).MigrateAsync();
        return await body(database);
    }
}
