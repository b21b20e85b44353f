using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChatArchive.Domain.Messages;
using ChatArchive.Sealing.Input;

namespace ChatArchive.Sealing.Sources;

/// <summary>
/// A seal source on files, used until the database-backed source (ingestion + classification tables) is wired:
/// &lt;root&gt;/&lt;officeholder&gt;/&lt;channel&gt;/&lt;read-out&gt;/readout.json plus attachments/&lt;conversation-id&gt;/&lt;file&gt;.
/// The JSON has exactly the fields of <see cref="ReadOutToSeal"/> (camelCase, enums by name).
/// </summary>
public sealed class FolderSealSource(string root) : ISealSource
{
    public const string ReadOutFile = "readout.json";
    public const string AttachmentsFolder = "attachments";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    public async IAsyncEnumerable<ReadOutToSeal> ReadOutsAsync(string officeholderId, string channel, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var folder = Path.Combine(root, officeholderId, channel);
        if (!Directory.Exists(folder)) yield break;
        var list = new List<ReadOutToSeal>();
        foreach (var dir in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, ReadOutFile);
            if (!File.Exists(file)) continue;
            await using var s = File.OpenRead(file);
            ReadOutToSeal? r;
            try
            {
                r = await JsonSerializer.DeserializeAsync<ReadOutToSeal>(s, Json, ct);
            }
            catch (JsonException e)
            {
                throw new SealingException($"Uitlezing in map '{Path.GetFileName(dir)}' is geen geldige readout.json (regel {e.LineNumber}). Herstel of vervang het bestand en verzegel opnieuw.", e);
            }
            if (r is null || r.ReadOutId != Path.GetFileName(dir))
            {
                throw new SealingException($"readout.json in map '{Path.GetFileName(dir)}' noemt een ander uitlezing-id. De map moet zo heten als het id.");
            }
            list.Add(r);
        }
        foreach (var r in list.OrderBy(r => r.PeriodStart).ThenBy(r => r.ReadOutId, StringComparer.Ordinal)) yield return r;
    }

    public Task<Stream> OpenAttachmentAsync(ReadOutToSeal readOut, ConversationToSeal conversation, AttachmentRef attachment, CancellationToken ct = default)
    {
        var name = Path.GetFileName(attachment.FileName);
        var convFolder = Path.GetFileName(conversation.ConversationId);
        var path = Path.Combine(root, readOut.Officeholder.Id, readOut.Channel, readOut.ReadOutId, AttachmentsFolder, convFolder, name);
        return Task.FromResult<Stream>(Hashing.Sha256Files.OpenSequential(path));
    }

    /// <summary>Writes a read-out in this layout (tests, demos, and the hand-over from other modules).</summary>
    public static async Task WriteAsync(string root, ReadOutToSeal readOut, IReadOnlyDictionary<(string ConversationId, string FileName), byte[]>? attachments = null)
    {
        var dir = Path.Combine(root, readOut.Officeholder.Id, readOut.Channel, readOut.ReadOutId);
        Directory.CreateDirectory(dir);
        await File.WriteAllBytesAsync(Path.Combine(dir, ReadOutFile), JsonSerializer.SerializeToUtf8Bytes(readOut, Json));
        foreach (var ((conv, file), bytes) in attachments ?? new Dictionary<(string, string), byte[]>())
        {
            var a = Path.Combine(dir, AttachmentsFolder, conv);
            Directory.CreateDirectory(a);
            await File.WriteAllBytesAsync(Path.Combine(a, file), bytes);
        }
    }
}
