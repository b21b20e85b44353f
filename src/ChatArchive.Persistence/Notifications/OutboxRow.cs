using ChatArchive.Notifications;
using ChatArchive.Notifications.Outbox;
using ChatArchive.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Notifications;

/// <summary>A queued mail (table notification_outbox, migration 0600). Statuses: Pending, Sent, Undeliverable.</summary>
public sealed class OutboxRow
{
    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string? TaskId { get; set; }
    public string? Department { get; set; }
    public string? RecipientUser { get; set; }
    public string? RecipientRole { get; set; }
    public string? Title { get; set; }
    public DateTime? DueAt { get; set; }
    public string? LinkPath { get; set; }
    public string? DedupKey { get; set; }
    public string Status { get; set; } = Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public string? LastError { get; set; }
    public string? MessageId { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime CreatedAt { get; set; }

    public const string Pending = "Pending";
    public const string Sent = "Sent";
    public const string Undeliverable = "Undeliverable";

    /// <summary>
    /// The mail for a new human task, added to the same context (and so the same transaction) as the task row.
    /// The link opens the task page of the web application.
    /// </summary>
    public static OutboxRow ForNewTask(HumanTaskRow task) => new()
    {
        Kind = NotificationKind.NewTask.ToString(),
        TaskId = task.Id,
        Department = task.Department,
        RecipientUser = task.AssigneeUser,
        RecipientRole = task.AssigneeUser is null ? task.AssigneeRole : null,
        Title = task.Title,
        DueAt = task.DueAt,
        LinkPath = TaskLink(task.Id),
        DedupKey = $"{NotificationKind.NewTask}:{task.Id}",
        NextAttemptAt = task.CreatedAt,
        CreatedAt = task.CreatedAt,
    };

    /// <summary>
    /// Any other event's mail (a finding, a validation waiting): the caller adds it to the context that writes the
    /// event, before SaveChanges, so both commit together. <paramref name="dedupKey"/> makes a repeat a no-op.
    /// </summary>
    public static OutboxRow For(NotificationKind kind, string? department, string? recipientUser, string? recipientRole, string title,
        string linkPath, DateTimeOffset now, DateTimeOffset? dueAt = null, string? taskId = null, string? dedupKey = null) => new()
    {
        Kind = kind.ToString(),
        TaskId = taskId,
        Department = department,
        RecipientUser = recipientUser,
        RecipientRole = recipientUser is null ? recipientRole : null,
        Title = title,
        DueAt = dueAt?.UtcDateTime,
        LinkPath = linkPath,
        DedupKey = dedupKey,
        NextAttemptAt = now.UtcDateTime,
        CreatedAt = now.UtcDateTime,
    };

    public static string TaskLink(string taskId) => "/taken/" + Uri.EscapeDataString(taskId);

    public OutboxEntry ToEntry() => new()
    {
        Id = Id,
        Kind = Enum.TryParse<NotificationKind>(Kind, out var k) ? k : NotificationKind.NewTask,
        TaskId = TaskId,
        Department = Department,
        RecipientUser = RecipientUser,
        RecipientRole = RecipientRole,
        Title = Title,
        DueAt = UtcDateTimeConverter.FromUtc(DueAt),
        LinkPath = LinkPath,
        Attempts = Attempts,
        CreatedAt = UtcDateTimeConverter.FromUtc(CreatedAt),
    };
}

public sealed class OutboxRowConfiguration : IEntityTypeConfiguration<OutboxRow>
{
    public void Configure(EntityTypeBuilder<OutboxRow> b)
    {
        b.ToTable("notification_outbox");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(x => x.Kind).HasColumnName("kind");
        b.Property(x => x.TaskId).HasColumnName("task_id");
        b.Property(x => x.Department).HasColumnName("department");
        b.Property(x => x.RecipientUser).HasColumnName("recipient_user");
        b.Property(x => x.RecipientRole).HasColumnName("recipient_role");
        b.Property(x => x.Title).HasColumnName("title");
        b.Property(x => x.DueAt).HasColumnName("due_at").HasConversion<NullableUtcDateTimeConverter>();
        b.Property(x => x.LinkPath).HasColumnName("link_path");
        b.Property(x => x.DedupKey).HasColumnName("dedup_key");
        b.Property(x => x.Status).HasColumnName("status");
        b.Property(x => x.Attempts).HasColumnName("attempts");
        b.Property(x => x.NextAttemptAt).HasColumnName("next_attempt_at").HasConversion<UtcDateTimeConverter>();
        b.Property(x => x.ClaimedBy).HasColumnName("claimed_by");
        b.Property(x => x.ClaimedUntil).HasColumnName("claimed_until").HasConversion<NullableUtcDateTimeConverter>();
        b.Property(x => x.LastError).HasColumnName("last_error");
        b.Property(x => x.MessageId).HasColumnName("message_id");
        b.Property(x => x.SentAt).HasColumnName("sent_at").HasConversion<NullableUtcDateTimeConverter>();
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasConversion<UtcDateTimeConverter>();
    }
}
