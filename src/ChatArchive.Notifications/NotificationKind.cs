namespace ChatArchive.Notifications;

/// <summary>Why a mail goes out. The wire name (stored in the outbox) is the enum name.</summary>
public enum NotificationKind
{
    /// <summary>A new task for a person or their role.</summary>
    NewTask,

    /// <summary>A task's due date is near and it is still open.</summary>
    DueReminder,

    /// <summary>A task is past its due date: the department's process owner is told.</summary>
    Escalation,

    /// <summary>A read-out finding (messages missing, disappearing messages, a gap) needs an answer.</summary>
    FindingAttention,

    /// <summary>Marked messages wait for the officeholder's or trustee's validation (Handreiking §2.2.2 stap 6).</summary>
    ValidationWaiting,

    /// <summary>A read-out is overdue against the department's frequency (coverage alert to the process owner).</summary>
    ReadOutOverdue,

    /// <summary>Days inside an appointment that nothing secured (coverage alert to the process owner).</summary>
    CoverageGap,

    /// <summary>A read-out's findings have waited longer than the set number of days for an answer (to the process owner).</summary>
    FindingUnanswered,

    /// <summary>Marked messages have waited longer than the set number of days for validation (to the officeholder or trustee).</summary>
    ValidationOverdue,

    /// <summary>The daily coverage digest for auditors: counts only.</summary>
    AuditorDigest,
}
