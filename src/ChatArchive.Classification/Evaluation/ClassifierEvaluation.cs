using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Learning;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Classification.Evaluation;

/// <summary>Runs the classifier over a labeled set and counts agreement with the people's labels.</summary>
public static class ClassifierEvaluation
{
    /// <summary>
    /// The full pipeline (conversation context; earlier decisions when <paramref name="history"/> is given)
    /// over the set, as one read-out.
    /// </summary>
    public static EvaluationResult Run(MessageClassifier classifier, IReadOnlyList<LabeledMessage> set, ContactRegistry contacts, DepartmentPolicy? policy = null,
        ReviewerHistory? history = null)
    {
        var participants = ConversationParticipants.FromMessages(set.Select(m => m.Message));
        var run = classifier.StartRun(contacts, policy ?? DepartmentPolicy.Default, participants, history);
        var suggestions = run.ClassifyAll(set.Select(m => m.Message).ToList());
        var result = new EvaluationResult();
        // Review effort: per conversation one bulk acceptance of the suggestions, plus one decision by hand per wrong suggestion.
        var conversations = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < set.Count; i++)
        {
            var item = set[i];
            var s = suggestions[i];
            if (conversations.Add(item.Message.Conversation)) result.ReviewDecisions++;
            if (s.Label != item.Expected) result.ReviewDecisions++;
            result.Messages++;
            result.Confusion[(int)item.Expected, (int)s.Label]++;

            var expectedSpecial = item.ExpectedCategories.Count > 0;
            var suggestedSpecial = s.Categories.Any(c => c != SpecialCategories.Bsn);
            if (expectedSpecial && suggestedSpecial) result.SpecialTruePositive++;
            else if (suggestedSpecial) result.SpecialFalsePositive++;
            else if (expectedSpecial) result.SpecialFalseNegative++;
            foreach (var category in item.ExpectedCategories)
            {
                result.PerSpecialCategory.TryGetValue(category, out var counts);
                result.PerSpecialCategory[category] = (counts.Expected + 1, counts.Found + (s.Categories.Contains(category) ? 1 : 0));
            }

            var suggestedBsn = s.Categories.Contains(SpecialCategories.Bsn);
            if (item.ExpectedBsn)
            {
                result.BsnExpected++;
                if (suggestedBsn) result.BsnFound++;
            }
            else if (suggestedBsn)
            {
                result.BsnFalsePositive++;
            }
        }
        return result;
    }
}
