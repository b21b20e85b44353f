namespace ChatArchive.Classification.Decisions;

/// <summary>The kinds of decision the history records.</summary>
public enum DecisionKind
{
    ConfirmSuggestion,
    ChangeLabel,
    BulkPerConversation,
    BulkPerContact,
    ValidationAgreed,
    ValidationDisagreed,
    Applied,
}
