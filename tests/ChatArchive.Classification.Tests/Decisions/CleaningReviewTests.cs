using ChatArchive.Classification.Decisions;
using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;

namespace ChatArchive.Classification.Tests.Decisions;

/// <summary>Decision model of seed 000 §2.2.2 steps 4–7 (issue 4 §5).</summary>
public class CleaningReviewTests
{
    private static readonly Actor Professional = new("ip-sanne.dijkstra", Roles.InformationProfessional);
    private static readonly Actor OtherProfessional = new("ip-koen.hermans", Roles.InformationProfessional);
    private static readonly Actor Officeholder = new("bp-eva.deboer", Roles.Officeholder);
    private static readonly Actor Trustee = new("vp-marieke.jonker", Roles.Trustee);
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly FixedClock _clock = new(Start);

    private const string SecretText = "Gefeliciteerd met je verjaardag, lieve Eva!";

    private CleaningReview Create(DepartmentPolicy? policy = null)
    {
        // The suggestions come from the real classifier; the review itself never sees the text.
        var messages = new (string Id, string Conversation, string Contact, string Text)[]
        {
            ("m1", "gesprek-lotte", "Lotte", SecretText),
            ("m2", "gesprek-lotte", "Lotte", "Zullen we vrijdag een wijntje doen?"),
            ("m3", "gesprek-dg", "Daan Verbeek", "De beslisnota over de subsidieregeling ligt klaar voor paraaf."),
            ("m4", "gesprek-dg", "Daan Verbeek", "Ik trakteer morgen op appeltaart voor het team."),
        };
        var run = MessageClassifier.Create().StartRun(Contacts.ContactRegistry.Empty, policy ?? DepartmentPolicy.Default);
        var under = messages.Select(m =>
        {
            var s = run.Classify(new MessageToClassify(m.Id, m.Conversation, m.Contact, m.Text));
            return new MessageUnderReview(m.Id, m.Conversation, m.Contact, "sha256:" + m.Id.PadLeft(64, '0'), s);
        });
        return new CleaningReview(under, policy ?? DepartmentPolicy.Default, _clock);
    }

    [Fact]
    public void Validator_cannot_validate_a_message_they_reviewed()
    {
        var review = Create();
        var reviewerWhoIsAlsoTrustee = new Actor("shared-user", Roles.InformationProfessional);
        review.Confirm("m1", reviewerWhoIsAlsoTrustee);

        var e = Assert.Throws<FourEyesViolationException>(() => review.Validate("m1", new Actor("shared-user", Roles.Trustee), agrees: true));

        Assert.Contains("vierogenprincipe", e.Message);
        Assert.Equal(ReviewStatus.Reviewed, review["m1"].Status);
        Assert.Null(review["m1"].Validation);
    }

    [Fact]
    public void Validator_cannot_validate_after_having_reviewed_in_an_earlier_round()
    {
        var review = Create();
        review.Confirm("m1", Professional);
        review.Validate("m1", Officeholder, agrees: false, note: "Dit ging ook over de begroting");
        review.Review("m1", OtherProfessional, MessageLabel.Private, "Nagevraagd: puur privé");

        Assert.Throws<FourEyesViolationException>(() => review.Validate("m1", new Actor(Professional.UserId, Roles.Trustee), agrees: true));
        review.Validate("m1", Officeholder, agrees: true);
        Assert.Equal(ReviewStatus.Validated, review["m1"].Status);
    }

    [Fact]
    public void Professional_confirms_or_changes_the_suggested_label_with_an_optional_note()
    {
        var review = Create();
        Assert.Equal(MessageLabel.Private, review["m1"].Suggestion.Label);

        review.Confirm("m1", Professional);
        review.Review("m2", Professional, MessageLabel.Business, "Gaat over het werkbezoek van vrijdag");

        Assert.Equal(DecisionKind.ConfirmSuggestion, review["m1"].Decision!.Kind);
        Assert.Equal(DecisionKind.ChangeLabel, review["m2"].Decision!.Kind);
        Assert.Equal(MessageLabel.Business, review["m2"].Decision!.Label);
        Assert.Equal("Gaat over het werkbezoek van vrijdag", review["m2"].Decision!.Note);
    }

    [Fact]
    public void Bulk_decision_per_conversation_covers_every_open_message_of_that_conversation()
    {
        var review = Create();
        var count = review.ReviewConversation("gesprek-lotte", Professional, MessageLabel.Private, "Hele gesprek met vriendin");

        Assert.Equal(2, count);
        Assert.All(new[] { "m1", "m2" }, id => Assert.Equal(DecisionKind.BulkPerConversation, review[id].Decision!.Kind));
        Assert.Equal(ReviewStatus.AwaitingReview, review["m3"].Status);
    }

    [Fact]
    public void Bulk_decision_per_contact_covers_every_open_message_with_that_contact()
    {
        var review = Create();
        var count = review.ReviewContact("daan verbeek", Professional, MessageLabel.Business);

        Assert.Equal(2, count);
        Assert.All(new[] { "m3", "m4" }, id => Assert.Equal(DecisionKind.BulkPerContact, review[id].Decision!.Kind));
    }

    [Fact]
    public void Disagreement_returns_the_message_to_the_professional()
    {
        var review = Create();
        review.Confirm("m4", Professional);
        Assert.Equal(MessageLabel.Private, review["m4"].Decision!.Label);

        review.Validate("m4", Trustee, agrees: false, note: "De traktatie was voor het afscheid van de DG, dat is zakelijk");

        Assert.Equal(ReviewStatus.ReturnedToProfessional, review["m4"].Status);
        Assert.DoesNotContain(review["m4"], review.AwaitingValidation);
        review.Review("m4", Professional, MessageLabel.Business, "Aangepast na validatie");
        Assert.Equal(ReviewStatus.Reviewed, review["m4"].Status);
        Assert.False(review["m4"].IsMarked);
    }

    [Fact]
    public void Disagreement_without_a_note_is_refused()
    {
        var review = Create();
        review.Confirm("m1", Professional);
        var e = Assert.Throws<DecisionException>(() => review.Validate("m1", Officeholder, agrees: false, note: "  "));
        Assert.Contains("toelichting", e.Message);
        Assert.Equal(ReviewStatus.Reviewed, review["m1"].Status);
    }

    [Fact]
    public void Only_the_officeholder_or_trustee_validates_and_only_a_professional_reviews()
    {
        var review = Create();
        Assert.Throws<DecisionException>(() => review.Confirm("m1", Officeholder));
        review.Confirm("m1", Professional);
        Assert.Throws<DecisionException>(() => review.Validate("m1", OtherProfessional, agrees: true));
        Assert.Throws<DecisionException>(() => review.Validate("m1", new Actor("auditor-1", Roles.Auditor), agrees: true));
    }

    [Fact]
    public void Business_decisions_are_not_offered_for_validation()
    {
        var review = Create();
        review.Confirm("m3", Professional);
        Assert.Empty(review.AwaitingValidation);
        Assert.Throws<DecisionException>(() => review.Validate("m3", Officeholder, agrees: true));
    }

    [Fact]
    public void Every_decision_is_recorded_with_who_and_when()
    {
        var review = Create();
        review.Confirm("m1", Professional);
        _clock.Now = Start.AddDays(2);
        review.Validate("m1", Officeholder, agrees: true);

        var h = review["m1"].History;
        Assert.Equal(2, h.Count);
        Assert.Equal((DecisionKind.ConfirmSuggestion, Professional.UserId, Start), (h[0].Kind, h[0].ByUserId, h[0].At));
        Assert.Equal((DecisionKind.ValidationAgreed, Officeholder.UserId, Start.AddDays(2)), (h[1].Kind, h[1].ByUserId, h[1].At));
        Assert.Equal(Roles.Officeholder, h[1].ByRole);
    }

    private void ReviewAndValidateAll(CleaningReview review)
    {
        foreach (var m in review.Messages) review.Confirm(m.MessageId, Professional);
        _clock.Now = Start.AddDays(1);
        foreach (var m in review.AwaitingValidation.ToList()) review.Validate(m.MessageId, Officeholder, agrees: true);
        _clock.Now = Start.AddDays(2);
    }

    [Fact]
    public void Removal_record_keeps_fingerprint_label_deciders_and_dates_but_never_the_text()
    {
        var review = Create();
        ReviewAndValidateAll(review);

        var outcome = review.Apply(Professional);

        Assert.Equal(FinalState.Kept, outcome.FinalStates["m3"]);
        Assert.Equal(FinalState.Removed, outcome.FinalStates["m1"]);
        var r = Assert.Single(outcome.Removals, x => x.MessageId == "m1");
        Assert.Equal("sha256:" + "m1".PadLeft(64, '0'), r.Fingerprint);
        Assert.Equal(MessageLabel.Private, r.Label);
        Assert.Equal((Professional.UserId, Start), (r.ReviewedBy, r.ReviewedAt));
        Assert.Equal((Officeholder.UserId, (DateTimeOffset?)Start.AddDays(1)), (r.ValidatedBy, r.ValidatedAt));
        Assert.Equal(Start.AddDays(2), r.RemovedAt);
        var serialized = System.Text.Json.JsonSerializer.Serialize(outcome.Removals);
        Assert.DoesNotContain("verjaardag", serialized, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Lotte", serialized, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_is_refused_while_marked_messages_await_validation_and_changes_nothing()
    {
        var review = Create();
        foreach (var m in review.Messages) review.Confirm(m.MessageId, Professional);

        var e = Assert.Throws<DecisionException>(() => review.Apply(Professional));

        Assert.Contains("op validatie", e.Message);
        Assert.All(review.Messages, m => Assert.Null(m.Final));
        Assert.All(review.Messages, m => Assert.DoesNotContain(m.History, h => h.Kind == DecisionKind.Applied));
    }

    [Fact]
    public void Apply_is_refused_while_messages_await_review()
    {
        var review = Create();
        review.Confirm("m1", Professional);
        review.Validate("m1", Officeholder, agrees: true);
        var e = Assert.Throws<DecisionException>(() => review.Apply(Professional));
        Assert.Contains("3 bericht(en) wachten op een beoordeling", e.Message);
    }

    [Fact]
    public void Cleaning_mode_mark_marks_private_and_party_messages_instead_of_removing_them()
    {
        var review = Create(DepartmentPolicy.Default with { Cleaning = CleaningMode.Mark });
        ReviewAndValidateAll(review);
        var outcome = review.Apply(Professional);
        Assert.Equal(FinalState.Marked, outcome.FinalStates["m1"]);
        Assert.Equal(FinalState.Kept, outcome.FinalStates["m3"]);
        Assert.Empty(outcome.Removals);
    }

    [Fact]
    public void Cleaning_mode_none_keeps_everything_without_review()
    {
        var review = Create(DepartmentPolicy.Default with { Cleaning = CleaningMode.None });
        var outcome = review.Apply(Professional);
        Assert.All(outcome.FinalStates.Values, s => Assert.Equal(FinalState.Kept, s));
        Assert.Empty(outcome.Removals);
    }

    [Fact]
    public void Without_four_eyes_marked_messages_are_applied_after_review_alone()
    {
        var review = Create(DepartmentPolicy.Default with { FourEyesRequired = false, KeepRawDataset = true });
        foreach (var m in review.Messages) review.Confirm(m.MessageId, Professional);
        var outcome = review.Apply(Professional);
        var removal = Assert.Single(outcome.Removals, r => r.MessageId == "m1");
        Assert.Null(removal.ValidatedBy);
        Assert.True(outcome.KeepRawDataset);
    }

    [Fact]
    public void Applied_review_cannot_be_changed_or_applied_again()
    {
        var review = Create();
        ReviewAndValidateAll(review);
        review.Apply(Professional);
        Assert.Throws<DecisionException>(() => review.Review("m3", Professional, MessageLabel.Private));
        Assert.Throws<DecisionException>(() => review.Apply(Professional));
        Assert.All(review.Messages, m => Assert.Equal(ReviewStatus.Final, m.Status));
    }

    [Fact]
    public void Validated_message_cannot_be_reviewed_again()
    {
        var review = Create();
        review.Confirm("m1", Professional);
        review.Validate("m1", Officeholder, agrees: true);
        var e = Assert.Throws<DecisionException>(() => review.Review("m1", OtherProfessional, MessageLabel.Business));
        Assert.Contains("gevalideerd", e.Message);
    }
}
