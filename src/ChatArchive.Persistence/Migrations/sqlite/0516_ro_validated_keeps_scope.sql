-- 0516: validation (agreed) and cleaning no longer write a scope-decided message's review columns into its row.
-- A message whose review state a scoped record decides (ro_conversation_states, see 0515) and whose row status is
-- Validated or Final took that status after the scope: a validated or applied message is never reviewed again, and a
-- later scope on its conversation writes the rows it did not reach (their state_id passes that scope). So its status
-- comes from the row, its label, note, author and time still from the scope. Every other rule of 0515 is unchanged.
DROP VIEW ro_message_states;
CREATE VIEW ro_message_states AS
SELECT m.message_id, m.read_out_id, m.conversation_id, m.contact, m.suggested_label, m.confidence, m.reasons, m.categories,
    m.special_category, m.excluded,
    CASE WHEN d.id IS NULL OR m.status IN ('Validated', 'Final') THEN m.status ELSE 'Reviewed' END AS status,
    CASE WHEN d.id IS NULL THEN m.label ELSE d.label END AS label,
    CASE WHEN d.id IS NULL THEN m.note ELSE d.note END AS note,
    CASE WHEN d.id IS NULL THEN m.decided_by ELSE d.by_user END AS decided_by,
    CASE WHEN d.id IS NULL THEN m.decided_at ELSE d.at END AS decided_at,
    m.validation_agrees, m.validation_note, m.validated_by, m.validated_at, m.final_state, m.final_at, m.sent_at,
    CASE WHEN d.id IS NULL THEN m.state_id ELSE d.id END AS state_id
FROM ro_messages m
LEFT JOIN ro_conversation_states s ON s.read_out_id = m.read_out_id AND s.conversation_id = m.conversation_id AND s.decision_id > m.state_id
LEFT JOIN ro_decision_records d ON d.id = s.decision_id;
