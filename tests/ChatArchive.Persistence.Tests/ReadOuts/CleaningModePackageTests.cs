using System.Text;
using System.Text.Json;
using ChatArchive.Domain.Policies;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Sealing.Storage;
using ChatArchive.Sealing.Verification;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>
/// The three cleaning modes leave different sealed packages (Handreiking §2.2.2 stap 7, CIO Rijk-rapportage 2024):
/// Verwijderen — private messages purged, a deletion record only; Markeren — kept with a restriction mark in the
/// conversation JSON and a use restriction (MDTO beperkingGebruik); Geen — everything kept, no mark.
/// </summary>
public class CleaningModePackageTests
{
    private const string RestrictionType = "Beperkt gebruik: privé of partijpolitiek gemarkeerd";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_three_cleaning_modes_seal_packages_that_differ_as_the_mode_says(DatabaseProvider provider)
    {
        var remove = await SealAsync(provider, CleaningMode.Remove);
        var mark = await SealAsync(provider, CleaningMode.Mark);
        var none = await SealAsync(provider, CleaningMode.None);

        // Verwijderen: the family chat's four messages are gone from the package; four deletion records, no mark.
        Assert.Equal(5, remove.Messages.Count);
        Assert.DoesNotContain(remove.Messages, m => m.Text.Contains("verjaardag", StringComparison.Ordinal));
        Assert.All(remove.Messages, m => Assert.Null(m.Mark));
        Assert.Equal(4, remove.DeletionRecords);
        Assert.DoesNotContain(RestrictionType, remove.Mdto);

        // Markeren: all nine kept; exactly the four private ones carry the mark; no deletion record; MDTO records the restriction
        // on the conversation and on the read-out's dossier.
        Assert.Equal(9, mark.Messages.Count);
        var marked = mark.Messages.Where(m => m.Mark is not null).ToList();
        Assert.Equal(4, marked.Count);
        Assert.All(marked, m => Assert.Equal("Private", m.Mark));
        Assert.All(marked, m => Assert.Equal("Tante Ria", m.Conversation));
        Assert.Contains(marked, m => m.Text.Contains("verjaardag", StringComparison.Ordinal));
        Assert.All(mark.Messages.Where(m => m.Conversation != "Tante Ria"), m => Assert.Null(m.Mark));
        Assert.Equal(0, mark.DeletionRecords);
        Assert.Equal(2, CountOf(mark.Mdto, RestrictionType)); // the family conversation's archiefstuk and the dossier
        Assert.Contains("4 bericht(en) in dit gesprek", mark.Mdto);

        // Geen: all nine kept, no mark, no deletion record, no restriction.
        Assert.Equal(9, none.Messages.Count);
        Assert.All(none.Messages, m => Assert.Null(m.Mark));
        Assert.Equal(0, none.DeletionRecords);
        Assert.DoesNotContain(RestrictionType, none.Mdto);
        Assert.Contains(none.Messages, m => m.Text.Contains("verjaardag", StringComparison.Ordinal));
    }

    private sealed record SealedMessage(string Conversation, string Text, string? Mark);

    private sealed record Sealed(List<SealedMessage> Messages, int DeletionRecords, string Mdto);

    private static async Task<Sealed> SealAsync(DatabaseProvider provider, CleaningMode mode)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var policy = new DepartmentPolicy(ReadOutFrequency.Monthly, true, mode, true, true);
        var ro = await w.SuggestedAsync(policy);
        if (mode != CleaningMode.None)
        {
            await w.ReviewAsync(ro.Id);
            await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
            var toValidate = await w.MarkedAsync(ro.Id);
            await w.Service.ValidateAsync(ro.Id, new ValidationRequest(toValidate.Select(id => new MessageVerdict(id, true, null)).ToList(), w.MinisterUser));
        }
        await w.Service.ApplyCleaningAsync(ro.Id, policy, w.Professional);
        var result = await w.Service.SealAsync(ro.Id, w.Professional);
        Assert.Equal(ReadOutStage.Sealed, result.ReadOut.Stage);

        using (var key = w.Sealing.LoadArchiveKey())
        {
            var report = await new PackageVerifier(new FileSystemArchiveStore(w.Sealing.StoreFolder), key).VerifyAllAsync();
            Assert.True(report.Valid, string.Join("; ", report.Problems.Select(p => p.Detail)));
        }

        var messages = new List<SealedMessage>();
        var deletions = 0;
        var mdto = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(w.Sealing.StoreFolder, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".MDTO.xml", StringComparison.Ordinal)) mdto.Append(await File.ReadAllTextAsync(file)).Append('\n');
            else if (name == "verwijderverantwoording.json")
            {
                using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
                deletions += doc.RootElement.GetProperty("removed").GetArrayLength();
            }
            else if (name.StartsWith("gesprek-", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            {
                using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
                var title = doc.RootElement.GetProperty("title").GetString()!;
                var conversation = title.Contains("Ria", StringComparison.Ordinal) ? "Tante Ria" : title;
                foreach (var m in doc.RootElement.GetProperty("messages").EnumerateArray())
                {
                    messages.Add(new SealedMessage(conversation, m.GetProperty("text").GetString()!,
                        m.TryGetProperty("restrictionMark", out var mk) ? mk.GetString() : null));
                }
            }
        }
        return new Sealed(messages, deletions, mdto.ToString());
    }

    private static int CountOf(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
