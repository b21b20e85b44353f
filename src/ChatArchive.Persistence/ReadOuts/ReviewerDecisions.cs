using System.Globalization;
using ChatArchive.Classification.Learning;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Persistence.Ingestion;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>
/// The learning input of the classification (issue 12, item 2): the information professional's decisions on
/// this officeholder's messages in earlier read-outs, read from the read-out tables into
/// <see cref="PriorDecision"/>s (stored conversation, sender, final label, message fingerprint; no text),
/// oldest first, so a later decision on the same message wins. The classifier counts them per conversation,
/// per contact and per fingerprint. A department that switches learning off
/// (<see cref="DepartmentPolicy.LearnFromReviews"/> = false) gets no history: the decisions are not even read.
/// </summary>
internal static class ReviewerDecisions
{
    /// <summary>The department's switch as the classifier's learning options.</summary>
    public static LearningOptions Options(DepartmentPolicy policy) => policy.LearnFromReviews ? LearningOptions.On : LearningOptions.Off;

    public static async Task<ReviewerHistory> ReadAsync(Sql db, long officeholderId, long readOutId, DepartmentPolicy policy, CancellationToken ct)
    {
        if (!policy.LearnFromReviews) return ReviewerHistory.Empty;
        var prior = new List<PriorDecision>();
        await using var r = await db.ReaderAsync(
            "SELECT x.conversation_id, m.sender, x.label, m.fingerprint FROM ro_message_states x JOIN ro_read_outs o ON o.id = x.read_out_id " +
            "JOIN ingest_messages m ON m.id = x.message_id WHERE o.officeholder_id = @o AND x.read_out_id <> @ro AND x.label IS NOT NULL " +
            "ORDER BY x.decided_at, x.message_id", ct, ("o", officeholderId), ("ro", readOutId));
        while (await r.ReadAsync(ct))
        {
            if (!Enum.TryParse<MessageLabel>(r.GetString(2), out var label)) continue;
            prior.Add(new(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), r.GetString(1), label,
                Convert.ToHexStringLower((byte[])r.GetValue(3))));
        }
        return new ReviewerHistory(prior);
    }
}
