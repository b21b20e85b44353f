using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Persistence.Audit;

/// <summary>The answer of <c>chatarchive audit verify</c>: how many rows, the head, and every problem.</summary>
public sealed record AuditVerificationReport(long Events, long HeadSequence, string? HeadHash, int Anchors, IReadOnlyList<AuditProblem> Problems)
{
    public bool Valid => Problems.Count == 0;

    public string ToJson() => JsonSerializer.Serialize(new
    {
        valid = Valid,
        events = Events,
        headSequence = HeadSequence,
        headHash = HeadHash,
        anchors = Anchors,
        problems = Problems.Select(p => new { kind = p.Kind, sequence = p.Sequence, detail = p.Detail }),
    });
}

/// <summary>Reads the whole trail and the anchors and checks them (<see cref="AuditChain.Verify"/>); only reads.</summary>
public static class AuditVerifier
{
    public static async Task<AuditVerificationReport> VerifyAsync(IAuditTrail trail, AuditAnchors anchors, CancellationToken ct = default)
    {
        var rows = new List<AuditEvent>();
        await foreach (var e in trail.ReadAllAsync(ct)) rows.Add(e);
        var (read, unreadable) = anchors.Read();
        var problems = unreadable.Concat(AuditChain.Verify(rows, read)).ToList();
        var head = rows.Count > 0 ? rows[^1] : null;
        return new AuditVerificationReport(rows.Count, head?.Sequence ?? 0, head?.Hash, read.Count, problems);
    }

    /// <summary>Writes the current head to the anchor file (when it moved) and to the log: the head hash and sequence only.</summary>
    public static async Task<AuditAnchor?> AnchorAsync(IAuditTrail trail, AuditAnchors anchors, TimeProvider clock, ILogger? log, CancellationToken ct = default)
    {
        var head = await trail.HeadAsync(ct);
        var anchor = anchors.Append(head, clock.GetUtcNow());
        if (head is not null)
        {
            log?.LogInformation("Audit chain head {Sequence} {Hash} (anchor written: {Written})", head.Sequence, head.Hash, anchor is not null);
        }
        return anchor;
    }
}
