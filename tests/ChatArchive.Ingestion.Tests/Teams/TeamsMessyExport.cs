using System.Globalization;
using System.Text.Json.Nodes;

namespace ChatArchive.Ingestion.Tests.Teams;

/// <summary>
/// A made-up Teams export with everything that makes sorting hard: several chats (one with the same first time as
/// another), pages that are not in creation order, edits whose newer version sits in a later page as well as an
/// earlier one, two versions with the same lastModifiedDateTime (the first read wins), duplicated ids, a deleted
/// message, equal creation times (numeric id, then id, decides), renames, membership events, an id whose newest
/// version moved to another chat, and text outside the BMP. Deterministic (fixed seed).
/// </summary>
internal sealed class TeamsMessyExport : IDisposable
{
    private static readonly string[] Chats = ["19:stikstof-overleg@thread.v2", "19:jeugdzorg-oost@thread.v2", "19:woo-verzoek-2023-114@thread.v2"];
    private static readonly string[] Senders = ["Sanne Visser", "Rob Hendriks", "Fatima El Amrani", "Joost van den Berg", "Ingrid Bakker"];
    private static readonly string[] Phrases =
    [
        "Kun je de conceptbrief nog even nalezen?",
        "De nota gaat morgen naar de minister.",
        "Ik heb de cijfers van de provincie ontvangen.",
        "Overleg verplaatst naar 15:00, zaal 2.14.",
        "Woo-verzoek 2023-114: termijn loopt af op vrijdag.",
        "Graag de reactie van de gemeente Arnhem meenemen.",
        "Prima, ik zet het op de agenda van het bewindspersonenoverleg.",
    ];

    private static readonly DateTime Start = new(2023, 3, 20, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>Text of the version of each id that must be kept (the latest, or the first read among equally late ones).</summary>
    public Dictionary<string, string> KeptText { get; } = new(StringComparer.Ordinal);

    /// <summary>A text that is certainly in the export (for the encrypted-spill check).</summary>
    public string KnownText => "Vertrouwelijk: de stikstofnota ligt bij de landsadvocaat.";

    public string Folder { get; }

    public TeamsMessyExport(int messages = 240, int pageSize = 17)
    {
        Folder = Directory.CreateTempSubdirectory("chatarchive-teams-export-").FullName;
        var random = new Random(20231122);
        var versions = new List<JsonObject>();
        for (var i = 0; i < messages; i++)
        {
            var chat = Chats[i % Chats.Length];
            // Every seventh message shares its creation time with an earlier one in the same chat: the numeric id decides.
            var created = Start.AddMinutes(i - (i % 7 == 6 ? Chats.Length : 0));
            var id = (1679299200000L + (i * 7919 % messages) * 1000).ToString(CultureInfo.InvariantCulture);
            var sender = Senders[random.Next(Senders.Length)];
            var editCount = i % 5 == 0 ? 1 + random.Next(3) : 0;
            for (var v = 0; v <= editCount; v++)
            {
                var text = i == 11 ? KnownText : $"{Phrases[random.Next(Phrases.Length)]} (bericht {i}, versie {v})";
                versions.Add(Message(id, chat, created, created.AddHours(v), sender, text, edited: v > 0));
            }
            if (i % 5 == 0 && editCount > 0)
            {
                // An identical copy of the latest version in another page: Graph pages overlap after an edit.
                versions.Add((JsonObject)versions[^1].DeepClone());
            }
        }

        // Equal lastModifiedDateTime, different text: the version read first wins.
        versions.Add(Message("1679399000000", Chats[0], Start.AddMinutes(3), Start.AddHours(9), "Rob Hendriks", "Eerste versie gelezen, deze blijft."));
        versions.Add(Message("1679399000000", Chats[0], Start.AddMinutes(3), Start.AddHours(9), "Rob Hendriks", "Tweede versie, zelfde tijd, valt af."));
        // Same creation time, non-numeric ids: numeric ids (any) first, then ordinal order.
        versions.Add(Message("bericht-b", Chats[1], Start.AddMinutes(20), Start.AddMinutes(20), "Ingrid Bakker", "Zonder numeriek id (b)."));
        versions.Add(Message("bericht-a", Chats[1], Start.AddMinutes(20), Start.AddMinutes(20), "Ingrid Bakker", "Zonder numeriek id (a)."));
        // The newest version of this id sits in another chat at another time: the kept version decides both.
        versions.Add(Message("1679500000000", Chats[2], Start.AddMinutes(5), Start.AddMinutes(5), "Sanne Visser", "Eerst in de Woo-chat."));
        versions.Add(Message("1679500000000", Chats[1], Start.AddMinutes(-30), Start.AddHours(30), "Sanne Visser", "Later verplaatst naar jeugdzorg."));
        // A deleted message: the newest version is a tombstone.
        versions.Add(Message("1679600000000", Chats[2], Start.AddMinutes(40), Start.AddMinutes(40), "Joost van den Berg", "Dit had niet in de groep gemoeten."));
        versions.Add(Message("1679600000000", Chats[2], Start.AddMinutes(40), Start.AddMinutes(90), "Joost van den Berg", "", deleted: true));
        // A fourth chat that starts at exactly the same time as the first: the chat read first comes first.
        versions.Add(Message("1679700000000", "19:crisisteam-hoogwater@thread.v2", Start, Start, "Ingrid Bakker", "Crisisteam start op hetzelfde moment."));
        // HTML with entities, an emoji outside the BMP (a surrogate pair) and a line break.
        versions.Add(Message("1679800000000", Chats[0], Start.AddMinutes(50), Start.AddMinutes(50), "Sanne Visser", "<p>Top &amp; dank! &#128077;<br>Tot straks</p>", html: true));
        // A shared file that is not beside the JSON, and an inline image.
        versions.Add(Attachments("1679900000000", Chats[1], Start.AddMinutes(60)));
        // Membership and renames (the last rename is the title).
        versions.Add(Event("1679299100000", Chats[1], Start.AddMinutes(-40), "membersAddedEventMessageDetail", null));
        versions.Add(Event("1679299150000", Chats[1], Start.AddMinutes(-35), "chatRenamedEventMessageDetail", "Jeugdzorg Regio Oost"));
        versions.Add(Event("1679999999000", Chats[1], Start.AddMinutes(500), "chatRenamedEventMessageDetail", "Jeugdzorg Regio Oost (nieuw)"));

        // Newest first by lastModifiedDateTime like Graph, but with stale versions scattered into later pages.
        // The order of equally modified versions is kept (a stable sort), so "first read wins" still picks the ones above.
        var listed = versions.Select((v, n) => (v, n, stale: random.Next(4) == 0))
            .OrderBy(x => x.stale)
            .ThenByDescending(x => Modified(x.v))
            .ThenBy(x => x.n)
            .Select(x => x.v)
            .ToList();
        foreach (var group in listed.GroupBy(v => (string)v["id"]!))
        {
            // Files are read in name order, so list order is read order: the latest version wins, the first read among equals.
            var latest = group.Max(Modified);
            var kept = group.First(v => Modified(v) == latest);
            if ((string?)kept["messageType"] == "message" && (string?)kept["body"]!["contentType"] == "text")
            {
                KeptText[group.Key] = kept["deletedDateTime"] is null ? Text(kept) : "";
            }
        }
        var page = 0;
        foreach (var chunk in listed.Chunk(pageSize))
        {
            var body = new JsonObject
            {
                ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#chats('19%3Astikstof-overleg%40thread.v2')/messages",
                ["value"] = new JsonArray(chunk.Select(v => (JsonNode)v.DeepClone()).ToArray()),
            };
            File.WriteAllText(Path.Combine(Folder, $"page-{page++:D3}.json"), body.ToJsonString());
        }
        Pages = page;
    }

    public int Pages { get; }

    private static string Text(JsonObject message) => (string)message["body"]!["content"]!;

    private static DateTimeOffset Modified(JsonObject message) => DateTimeOffset.Parse((string)message["lastModifiedDateTime"]!, CultureInfo.InvariantCulture);

    private static JsonObject Message(string id, string chat, DateTime created, DateTime modified, string sender, string text, bool edited = false, bool deleted = false, bool html = false) => new()
    {
        ["id"] = id,
        ["messageType"] = "message",
        ["createdDateTime"] = Iso(created),
        ["lastModifiedDateTime"] = Iso(modified),
        ["lastEditedDateTime"] = edited ? Iso(modified) : null,
        ["deletedDateTime"] = deleted ? Iso(modified) : null,
        ["chatId"] = chat,
        ["from"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "u-" + sender.Length, ["displayName"] = sender, ["userIdentityType"] = "aadUser" } },
        ["body"] = new JsonObject { ["contentType"] = html ? "html" : "text", ["content"] = text },
        ["attachments"] = new JsonArray(),
    };

    private static JsonObject Attachments(string id, string chat, DateTime created)
    {
        var message = Message(id, chat, created, created, "Fatima El Amrani", "<p>Zie bijlage <img alt=\"schema.png\" src=\"x\"></p>", html: true);
        message["attachments"] = new JsonArray(new JsonObject
        {
            ["id"] = "f1", ["contentType"] = "reference", ["contentUrl"] = "https://minlnv.sharepoint.com/Gedeelde documenten/Wachttijden Q3.xlsx", ["name"] = "Wachttijden Q3.xlsx",
        });
        return message;
    }

    private static JsonObject Event(string id, string chat, DateTime created, string detail, string? renamedTo)
    {
        var eventDetail = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph." + detail,
            ["initiator"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "u-12", ["displayName"] = "Rob Hendriks" } },
        };
        if (renamedTo is not null)
        {
            eventDetail["chatDisplayName"] = renamedTo;
        }
        else
        {
            eventDetail["members"] = new JsonArray(new JsonObject { ["id"] = "u-16", ["displayName"] = "Fatima El Amrani" });
        }
        return new JsonObject
        {
            ["id"] = id,
            ["messageType"] = "systemEventMessage",
            ["createdDateTime"] = Iso(created),
            ["lastModifiedDateTime"] = Iso(created),
            ["chatId"] = chat,
            ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "<systemEventMessage/>" },
            ["eventDetail"] = eventDetail,
        };
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
