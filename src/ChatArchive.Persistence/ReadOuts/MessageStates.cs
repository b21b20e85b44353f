namespace ChatArchive.Persistence.ReadOuts;

/// <summary>
/// A message's review state, resolved (migration 0515): a review decision that reached a whole conversation is stored once
/// with its scope and named in ro_conversation_states; a message whose row holds an older state (state_id below that
/// record's id) takes status Reviewed and the record's label, note, author and time, every other column from its row.
/// Migration 0516: a row whose status is Validated or Final took it after the scope (a validated or applied message is
/// never reviewed again; a later scope writes the rows it did not reach), so that status stands; the label stays the scope's.
/// The SQL below is the one place of that rule in code (the view ro_message_states is the same for ad-hoc readers).
/// Alias m is ro_messages; s and d the joined scope and its record.
/// </summary>
internal static class MessageStates
{
    /// <summary>ro_messages m with the scope that decides its review state, if any.</summary>
    public const string From =
        "ro_messages m LEFT JOIN ro_conversation_states s ON s.read_out_id = m.read_out_id AND s.conversation_id = m.conversation_id AND s.decision_id > m.state_id " +
        "LEFT JOIN ro_decision_records d ON d.id = s.decision_id";

    /// <summary>The joins of <see cref="From"/> for a query that already names ro_messages m.</summary>
    public const string Joins =
        "LEFT JOIN ro_conversation_states s ON s.read_out_id = m.read_out_id AND s.conversation_id = m.conversation_id AND s.decision_id > m.state_id " +
        "LEFT JOIN ro_decision_records d ON d.id = s.decision_id";

    public const string Status = "(CASE WHEN d.id IS NULL OR m.status IN ('Validated', 'Final') THEN m.status ELSE 'Reviewed' END)";
    public const string Label = "(CASE WHEN d.id IS NULL THEN m.label ELSE d.label END)";
    public const string Note = "(CASE WHEN d.id IS NULL THEN m.note ELSE d.note END)";
    public const string DecidedBy = "(CASE WHEN d.id IS NULL THEN m.decided_by ELSE d.by_user END)";
    public const string DecidedAt = "(CASE WHEN d.id IS NULL THEN m.decided_at ELSE d.at END)";

    /// <summary>True when the scope decides the state (the row's review columns are older).</summary>
    public const string FromScope = "(s.decision_id IS NOT NULL)";

    /// <summary>
    /// Undecided (awaiting review or returned after validation): a scoped review decision makes a message Reviewed, so
    /// this is the row's status without a newer scope (PostgreSQL can then use the index on status).
    /// </summary>
    public const string Undecided = "(m.status IN ('AwaitingReview', 'ReturnedToProfessional') AND s.decision_id IS NULL)";

    /// <summary>Returned to the professional after a dispute (never by a scoped review decision, which reviews it again).</summary>
    public const string Disputed = "(m.status = 'ReturnedToProfessional' AND s.decision_id IS NULL)";

    /// <summary>Reviewed as private or party-political, awaiting the validator.</summary>
    public const string AwaitingValidation = "(" + Status + " = 'Reviewed' AND " + Label + " <> 'Business')";
}
