using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Tests.Rules;

public class CanonicalInputTests
{
    [Fact]
    public void Canonical_message_is_classified_with_its_source_id_and_reply_link()
    {
        var sent = new DateTimeOffset(2026, 2, 5, 14, 7, 0, TimeSpan.FromHours(1));
        var congratulation = new CanonicalMessage("Rachid El Idrissi", sent, "Gefeliciteerd met je verjaardag!", [], SourceId: "wa-1");
        var thanks = new CanonicalMessage("Eva de Boer", sent.AddMinutes(1), "dank je wel", [], SourceId: "wa-2", ReplyToSourceId: "wa-1");
        var withoutSourceId = new CanonicalMessage("Eva de Boer", sent.AddMinutes(2), "De nota ligt klaar.", []);

        var inputs = new[]
        {
            MessageToClassify.FromCanonical(congratulation, "chat-rachid", "n1"),
            MessageToClassify.FromCanonical(thanks, "chat-rachid", "n2"),
            MessageToClassify.FromCanonical(withoutSourceId, "chat-rachid", "n3"),
        };
        var run = MessageClassifier.Create().StartRun(Contacts.ContactRegistry.Empty, Domain.Policies.DepartmentPolicy.Default);
        var s = inputs.Select(run.Classify).ToList();

        Assert.Equal(["wa-1", "wa-2", "n3"], s.Select(x => x.MessageId));
        Assert.Equal("wa-1", inputs[1].ReplyTo);
        Assert.Equal([MessageLabel.Private, MessageLabel.Private, MessageLabel.Business], s.Select(x => x.Label));
    }
}
