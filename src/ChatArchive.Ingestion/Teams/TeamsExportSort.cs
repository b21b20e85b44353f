using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Teams;

/// <summary>
/// Sorts a whole Teams export into chats in the order of their first message, messages in creation order, one
/// version per id (the latest lastModifiedDateTime), with memory bounded by a run, not by the export (issue 3 §5).
/// <para>
/// While the records fit in one run nothing touches the disk and the sort is the plain in-memory one. Beyond that it
/// is an external merge sort in two passes, because which version of an id wins decides the chat it falls in, its
/// place, and who is a participant, and a chat must be announced before its first message:
/// 1. runs sorted by (id, newest version first, read order) are merged; the first of each id is kept, the others
///    dropped, and every kept record updates its chat's <see cref="TeamsChatSummary"/> (small: per chat and sender);
/// 2. the kept records go into runs sorted by (chat, created, numeric id, id); then, chat by chat in yield order,
///    each run's segment of that chat is merged and yielded after the chat's <see cref="ConversationStarted"/>.
/// All runs exist before the first item is yielded, so a broken page still yields nothing.
/// Runs are encrypted (<see cref="TeamsSpillCipher"/>) and removed on <see cref="Dispose"/>.
/// </para>
/// </summary>
internal sealed class TeamsExportSort(TeamsSpillOptions options, CancellationToken cancellationToken) : IDisposable
{
    private readonly List<TeamsRecord> _buffer = [];
    private readonly List<TeamsSpillRun> _runs = [];
    private long _bufferBytes;
    private long _read;
    private int _runNumber;
    private TeamsSpillFolder? _folder;

    public void Add(TeamsRecord record)
    {
        record.Sequence = _read++;
        _buffer.Add(record);
        _bufferBytes += record.EstimatedBytes;
        if (_buffer.Count >= options.RecordsPerRun || _bufferBytes >= options.BytesPerRun)
        {
            _runs.Add(WriteRun(TeamsRecordOrder.LatestVersionFirst, segmentByChat: false));
        }
    }

    /// <summary>Every item, in yield order. Call once, after the last <see cref="Add"/>.</summary>
    public IEnumerable<ExportItem> Complete()
    {
        if (_runs.Count == 0)
        {
            return InMemory(_buffer);
        }
        if (_buffer.Count > 0)
        {
            _runs.Add(WriteRun(TeamsRecordOrder.LatestVersionFirst, segmentByChat: false));
        }
        var versions = MergeDown(_runs, TeamsRecordOrder.LatestVersionFirst, segmentByChat: false);
        var chats = new Dictionary<string, TeamsChatSummary>(StringComparer.Ordinal);
        var kept = new List<TeamsSpillRun>();
        foreach (var (winner, firstRead) in LatestVersions(Merge(versions.Select(r => (r, r.All)), TeamsRecordOrder.LatestVersionFirst)))
        {
            if (!chats.TryGetValue(winner.ChatKey, out var chat))
            {
                chats.Add(winner.ChatKey, chat = new TeamsChatSummary(winner.ChatKey));
            }
            chat.Observe(winner, firstRead);
            _buffer.Add(winner);
            _bufferBytes += winner.EstimatedBytes;
            if (_buffer.Count >= options.RecordsPerRun || _bufferBytes >= options.BytesPerRun)
            {
                kept.Add(WriteRun(TeamsRecordOrder.ChatThenCreated, segmentByChat: true));
            }
        }
        if (_buffer.Count > 0)
        {
            kept.Add(WriteRun(TeamsRecordOrder.ChatThenCreated, segmentByChat: true));
        }
        foreach (var run in versions)
        {
            _folder!.Delete(run.File);
        }
        kept = MergeDown(kept, TeamsRecordOrder.ChatThenCreated, segmentByChat: true);
        return ByChat(chats.Values.Order(TeamsChatSummary.YieldOrder).ToList(), kept);
    }

    private IEnumerable<ExportItem> ByChat(List<TeamsChatSummary> chats, List<TeamsSpillRun> runs)
    {
        foreach (var chat in chats)
        {
            yield return chat.Started();
            var segments = runs.Where(r => r.Chats.ContainsKey(chat.Key)).Select(r => (r, r.Chats[chat.Key]));
            foreach (var record in Merge(segments, TeamsRecordOrder.ChatThenCreated))
            {
                yield return record.Item;
            }
        }
    }

    /// <summary>
    /// The records as the reader always sorted them in memory: the latest version per id (a strictly newer
    /// lastModifiedDateTime replaces, so the first read wins a tie), chats by their first message.
    /// </summary>
    private static IEnumerable<ExportItem> InMemory(List<TeamsRecord> records)
    {
        var byId = new Dictionary<string, TeamsRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (!byId.TryGetValue(record.Id, out var known) || record.Modified > known.Modified)
            {
                byId[record.Id] = record;
            }
        }
        records.Clear();
        foreach (var chat in byId.Values.GroupBy(r => r.ChatKey).OrderBy(g => g.Min(r => r.Created)))
        {
            var ordered = chat.OrderBy(r => r.Created).ThenBy(r => r.NumericId).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            var participants = ordered.Select(r => r.Item).OfType<MessageRead>().Select(m => m.Message.Sender).Distinct(StringComparer.Ordinal).ToList();
            var membershipChanged = ordered.Select(r => r.Item).OfType<SystemEventRead>().Any(e => TeamsChatSummary.IsMembership(e.Event.Kind));
            var renamed = ordered.Where(r => r.RenamedTo is not null).Select(r => r.RenamedTo).LastOrDefault();
            yield return TeamsChatSummary.Started(chat.Key, participants, membershipChanged, renamed);
            foreach (var record in ordered)
            {
                yield return record.Item;
            }
        }
    }

    /// <summary>From records sorted by <see cref="TeamsRecordOrder.LatestVersionFirst"/>: the first of each id, with the earliest read position of any of its versions.</summary>
    private static IEnumerable<(TeamsRecord Winner, long FirstRead)> LatestVersions(IEnumerable<TeamsRecord> sorted)
    {
        TeamsRecord? winner = null;
        var firstRead = long.MaxValue;
        foreach (var record in sorted)
        {
            if (winner is not null && !string.Equals(winner.Id, record.Id, StringComparison.Ordinal))
            {
                yield return (winner, firstRead);
                winner = null;
            }
            if (winner is null)
            {
                winner = record;
                firstRead = record.Sequence;
            }
            else
            {
                firstRead = Math.Min(firstRead, record.Sequence);
            }
        }
        if (winner is not null)
        {
            yield return (winner, firstRead);
        }
    }

    private TeamsSpillRun WriteRun(IComparer<TeamsRecord> order, bool segmentByChat)
    {
        _buffer.Sort(order);
        var writer = NewRun(segmentByChat);
        foreach (var record in _buffer)
        {
            writer.Add(record);
        }
        _buffer.Clear();
        _bufferBytes = 0;
        return writer.Complete();
    }

    private TeamsSpillRunWriter NewRun(bool segmentByChat)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _folder ??= new TeamsSpillFolder(options.Folder);
        return new TeamsSpillRunWriter(_folder, ++_runNumber, segmentByChat, options.ChunkBytes);
    }

    /// <summary>Merges groups of runs into longer runs until one merge reads at most <see cref="TeamsSpillOptions.MaxRunsPerMerge"/> runs, so open buffers stay bounded too.</summary>
    private List<TeamsSpillRun> MergeDown(List<TeamsSpillRun> runs, IComparer<TeamsRecord> order, bool segmentByChat)
    {
        while (runs.Count > options.MaxRunsPerMerge)
        {
            var merged = new List<TeamsSpillRun>();
            foreach (var group in runs.Chunk(options.MaxRunsPerMerge))
            {
                var writer = NewRun(segmentByChat);
                foreach (var record in Merge(group.Select(r => (r, r.All)), order))
                {
                    writer.Add(record);
                }
                merged.Add(writer.Complete());
                foreach (var run in group)
                {
                    _folder!.Delete(run.File);
                }
            }
            runs = merged;
        }
        return runs;
    }

    /// <summary>k-way merge of sorted segments; the order is total (read position or id breaks every tie), so the result is deterministic.</summary>
    private IEnumerable<TeamsRecord> Merge(IEnumerable<(TeamsSpillRun Run, TeamsSpillRun.Segment Segment)> segments, IComparer<TeamsRecord> order)
    {
        var queue = new PriorityQueue<TeamsSpillCursor, TeamsRecord>(order);
        foreach (var (run, segment) in segments)
        {
            var cursor = new TeamsSpillCursor(run, _folder!.Cipher, segment);
            if (cursor.MoveNext())
            {
                queue.Enqueue(cursor, cursor.Current);
            }
        }
        while (queue.TryDequeue(out var cursor, out var record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
            if (cursor.MoveNext())
            {
                queue.Enqueue(cursor, cursor.Current);
            }
        }
    }

    public void Dispose()
    {
        _buffer.Clear();
        _folder?.Dispose();
    }
}
