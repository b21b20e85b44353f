using System.Runtime.CompilerServices;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Sealing.Hashing;
using ChatArchive.Sealing.Input;

namespace ChatArchive.Sealing.Bench;

/// <summary>One read-out whose single conversation carries every file of a folder as an attachment.</summary>
public sealed class BenchSource(string folder) : ISealSource
{
    public static readonly OfficeholderInfo Officeholder = new("bh-bench", "Bench Bewindspersoon", "Staatssecretaris", "BZK", "Ministerie van BZK");

    public IReadOnlyList<string> Files { get; } = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();

    public async IAsyncEnumerable<ReadOutToSeal> ReadOutsAsync(string officeholderId, string channel, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.CompletedTask;
        var t0 = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.FromHours(2));
        var messages = Files.Select((f, i) => new CanonicalMessage("Bench Bewindspersoon", t0.AddMinutes(i), $"Bijlage {i + 1}",
            [new AttachmentRef(Path.GetFileName(f), "application/octet-stream", new FileInfo(f).Length, null, true)])).ToList();
        var conv = new CanonicalConversation("Benchmark", false, ["Bench Bewindspersoon"], messages, []);
        yield return new ReadOutToSeal("ro-bench", Officeholder, channel, new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 11), t0.AddDays(42),
            CleaningMode.None, true, [new ConversationToSeal("bench", conv)], [], new RawExportInfo(null, false));
    }

    public Task<Stream> OpenAttachmentAsync(ReadOutToSeal readOut, ConversationToSeal conversation, AttachmentRef attachment, CancellationToken ct = default) =>
        Task.FromResult<Stream>(Sha256Files.OpenSequential(Path.Combine(folder, attachment.FileName)));
}
