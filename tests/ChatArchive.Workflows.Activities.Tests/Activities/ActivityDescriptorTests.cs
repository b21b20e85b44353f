using ChatArchive.Workflows.Engine.Activities;

namespace ChatArchive.Workflows.Activities.Tests.Activities;

/// <summary>Studio's toolbox shows what the classes say: Dutch names and descriptions on every domain activity and input.</summary>
public sealed class ActivityDescriptorTests
{
    public static TheoryData<Type> Types()
    {
        var data = new TheoryData<Type>();
        foreach (var t in ActivitiesServiceCollectionExtensions.ActivityTypes)
        {
            data.Add(t);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Domain_activity_has_a_Dutch_name_description_and_named_inputs_without_internal_references(Type type)
    {
        var d = ActivityDescriber.Describe(type);

        Assert.StartsWith("ChatArchive.", d.TypeName);
        Assert.False(string.IsNullOrWhiteSpace(d.DisplayName));
        Assert.False(string.IsNullOrWhiteSpace(d.Description));
        Assert.NotEqual(Activity.DoneOutcome, Assert.Single(d.Ports.Take(1)).Name);
        Assert.All(d.Inputs, i => Assert.False(string.IsNullOrWhiteSpace(i.DisplayName)));
        var text = string.Join(" ", new[] { d.DisplayName, d.Description ?? "" }.Concat(d.Inputs.SelectMany(i => new[] { i.DisplayName, i.Description ?? "" })));
        Assert.DoesNotContain("seed", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(?i)\bissue\b", text);
    }

    [Fact]
    public void Validation_offers_exactly_the_two_outcomes_of_the_guidance()
    {
        var d = ActivityDescriber.Describe(typeof(ReadOuts.ValidateMarkedMessages));
        Assert.Equal(["Akkoord", "Niet akkoord"], d.Ports.Select(p => p.Name));
    }

    [Fact]
    public void Ingest_has_the_three_outcomes_Ingelezen_Bevindingen_Mislukt()
    {
        var d = ActivityDescriber.Describe(typeof(ReadOuts.IngestExport));
        Assert.Equal(["Ingelezen", "Bevindingen", "Mislukt"], d.Ports.Select(p => p.Name));
    }

    [Fact]
    public void Suggest_labels_lets_the_process_owner_switch_learning_from_earlier_reviews_in_Dutch()
    {
        var d = ActivityDescriber.Describe(typeof(ReadOuts.SuggestLabels));
        var input = Assert.Single(d.Inputs, i => i.Name == nameof(ReadOuts.SuggestLabels.LearnFromReviews));
        Assert.Equal("Leren van eerdere beoordelingen", input.DisplayName);
        Assert.Equal("True", input.DefaultValue);
        Assert.Contains("Uit: alleen de regels", input.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_JenV_example_binds_the_learning_switch_to_a_variable_the_process_owner_sets()
    {
        var d = ChatArchive.Workflows.Engine.Definitions.WorkflowDefinitionExporter.Import(
            File.ReadAllText(Path.Combine(Support.RepositoryFolders.Workflows, "departments", "jenv-periodic-readout.json")), "jenv-periodic-readout");
        var node = Assert.Single(d.Root.Activities!, a => a.Type == "ChatArchive.SuggestLabels");
        var input = node.GetInput(nameof(ReadOuts.SuggestLabels.LearnFromReviews));
        Assert.NotNull(input?.Expression);
        Assert.Equal("Variable", input.Expression.Type);
        var variable = Assert.Single(d.Variables, v => v.Name == input.Expression.Value);
        Assert.Equal("Boolean", variable.TypeName);
    }
}
