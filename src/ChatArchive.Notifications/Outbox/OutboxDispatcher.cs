using ChatArchive.Notifications.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace ChatArchive.Notifications.Outbox;

/// <summary>Retry and claim timing of the outbox; the defaults suit production, tests shorten them.</summary>
public sealed record OutboxOptions
{
    public const string RetryBaseSecondsKey = "ChatArchive:Mail:RetryBaseSeconds";

    /// <summary>First retry after this; each further attempt waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a node holds rows it claimed; longer than one SMTP attempt can take.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    public int BatchSize { get; init; } = 50;

    public TimeSpan DelayAfter(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryBase.Ticks * factor, MaxRetryDelay.Ticks));
        return delay;
    }
}

/// <summary>What one run did: counts only.</summary>
public sealed record OutboxRunResult(int Sent, int Retried, int Undeliverable, DateTimeOffset? NextDue);

/// <summary>
/// Sends due outbox rows: claim (lease), resolve recipients, render, send with a Message-ID derived from the
/// row, mark sent. A failed attempt is retried later with back-off; the row stays the source of truth, so a
/// crash or restart only ever resends a row whose delivery was not recorded — with the same Message-ID.
/// Logs ids and counts only.
/// </summary>
public sealed class OutboxDispatcher(
    IOutboxStore store,
    IRecipientDirectory recipients,
    MailTemplates templates,
    IMailSender sender,
    MailSettings settings,
    OutboxOptions options,
    TimeProvider clock,
    ILogger<OutboxDispatcher>? logger = null)
{
    private readonly ILogger log = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Identifies this process when it claims rows (host, process, instance).</summary>
    public string Node { get; } = NewNodeId();

    private static string NewNodeId()
    {
        var id = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return id.Length <= 100 ? id : id[^100..];
    }

    /// <summary>Stable per row: the same row always gets the same Message-ID, so a resend is recognisable as one.</summary>
    public static string MessageIdFor(OutboxEntry entry, string from)
    {
        var domain = "chatarchief.local";
        if (MailboxAddress.TryParse(from, out var address) && address.Domain is { Length: > 0 } d) domain = d;
        return $"outbox-{entry.Id}-{entry.CreatedAt.UtcTicks}@{domain}";
    }

    /// <summary>Sends until no due row is left (or <paramref name="maxBatches"/> batches); returns counts.</summary>
    public async Task<OutboxRunResult> RunAsync(int maxBatches = 100, CancellationToken ct = default)
    {
        int sent = 0, retried = 0, undeliverable = 0;
        if (!settings.Enabled)
        {
            return new OutboxRunResult(0, 0, 0, await store.NextDueAsync(ct));
        }
        // Only rows due when the run starts: a row that fails now is retried by a later run, after its back-off.
        var dueBy = clock.GetUtcNow();
        for (var batch = 0; batch < maxBatches; batch++)
        {
            var rows = await store.ClaimDueAsync(Node, dueBy, options.Lease, options.BatchSize, ct);
            if (rows.Count == 0) break;
            var done = 0;
            var attempt = new Attempt();
            try
            {
                foreach (var row in rows)
                {
                    ct.ThrowIfCancellationRequested();
                    attempt.HandedOver = false;
                    switch (await SendOneAsync(row, attempt, ct))
                    {
                        case Outcome.Sent: sent++; break;
                        case Outcome.Retry: retried++; break;
                        case Outcome.Undeliverable: undeliverable++; break;
                    }
                    done++;
                }
            }
            catch (Exception e)
            {
                // The rows not yet handed over go back now, not after the lease: a mail must not wait minutes because
                // one run stopped. A row the SMTP server may already have keeps its claim (its lease decides).
                var back = rows.Skip(done + (attempt.HandedOver ? 1 : 0)).Select(r => r.Id).ToList();
                try
                {
                    await store.ReleaseAsync(back, Node, CancellationToken.None);
                }
                catch (Exception releaseError)
                {
                    log.LogWarning("Outbox: giving back {Count} claimed rows failed ({Error}); they wait for their lease", back.Count, releaseError.GetType().Name);
                }
                log.LogWarning("Outbox run stopped ({Error}) after {Done} of {Count} rows; {Back} given back for the next run",
                    e.GetType().Name, done, rows.Count, back.Count);
                throw;
            }
            if (rows.Count < options.BatchSize) break;
        }
        if (sent + retried + undeliverable > 0)
        {
            log.LogInformation("Outbox run: {Sent} sent, {Retried} to retry, {Undeliverable} undeliverable", sent, retried, undeliverable);
        }
        return new OutboxRunResult(sent, retried, undeliverable, await store.NextDueAsync(ct));
    }

    private enum Outcome { Sent, Retry, Undeliverable }

    /// <summary>Whether the current row's mail has gone to the SMTP server (then it is never given back early).</summary>
    private sealed class Attempt
    {
        public bool HandedOver { get; set; }
    }

    private async Task<Outcome> SendOneAsync(OutboxEntry row, Attempt attempt, CancellationToken ct)
    {
        var to = await recipients.ResolveAsync(row, ct);
        if (to.Count == 0)
        {
            log.LogWarning("Outbox row {OutboxId} ({Kind}) has no recipient with an e-mail address", row.Id, row.Kind);
            await store.MarkUndeliverableAsync(row.Id, Node, "Geen ontvanger met een e-mailadres.", clock.GetUtcNow(), ct);
            return Outcome.Undeliverable;
        }
        var rendered = await templates.RenderAsync(row, ct);
        var messageId = MessageIdFor(row, settings.From);
        try
        {
            attempt.HandedOver = true;
            await sender.SendAsync(new OutgoingMail(messageId, to, rendered.Subject, rendered.Body), ct);
        }
        catch (MailDeliveryException e)
        {
            var next = clock.GetUtcNow() + options.DelayAfter(row.Attempts + 1);
            log.LogWarning("Outbox row {OutboxId} attempt {Attempt} failed ({Reason}); next attempt at {Next:o}", row.Id, row.Attempts + 1, e.Message, next);
            await store.MarkRetryAsync(row.Id, Node, next, e.Message, CancellationToken.None);
            return Outcome.Retry;
        }
        // Recorded even when the caller is cancelled now: the server has the mail, so it must not go again.
        if (!await store.MarkSentAsync(row.Id, messageId, clock.GetUtcNow(), CancellationToken.None))
        {
            log.LogWarning("Outbox row {OutboxId} was already marked sent by another node (its lease had ended)", row.Id);
        }
        return Outcome.Sent;
    }
}
