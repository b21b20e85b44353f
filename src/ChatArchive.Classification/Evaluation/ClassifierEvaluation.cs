using ChatArchive.Classification.Contacts;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Classification.Evaluation;

/// <summary>Runs the classifier over a labeled set and counts agreement with the people's labels.</summary>
public static class ClassifierEvaluation
{
    public static EvaluationResult Run(MessageClassifier classifier, IReadOnlyList<LabeledMessage> set, ContactRegistry contacts, DepartmentPolicy? policy = null)
    {
        var participants = ConversationParticipants.FromMessages(set.Select(m => m.Message));
        var run = classifier.StartRun(contacts, policy ?? DepartmentPolicy.Default, participants);
        var result = new EvaluationResult();
        foreach (var item in set)
        {
            var s = run.Classify(item.Message);
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
