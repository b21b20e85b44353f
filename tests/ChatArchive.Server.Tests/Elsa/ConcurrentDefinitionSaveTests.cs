using System.Net;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>
/// Two first saves of one new definition id through Studio's API at the same moment: each answers 200 or a Dutch 409 ProblemDetails
/// (never a 500 from the database's unique index), and the definition exists once.
/// </summary>
public sealed class ConcurrentDefinitionSaveTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_first_saves_of_one_new_definition_at_once_answer_200_or_a_Dutch_409_and_store_it_once(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defrace");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        for (var round = 0; round < 3; round++)
        {
            var id = $"bzk-gelijktijdig-{round}";
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            async Task<HttpResponseMessage> Save(string frequency)
            {
                await gate.Task;
                return await owner.PostJsonAsync("/elsa/api/workflow-definitions",
                    StudioModels.SaveBody(StudioModels.PeriodicReadOut("Gelijktijdig opgeslagen", frequency, definitionId: id), publish: true));
            }
            var both = new[] { Task.Run(() => Save("42.00:00:00")), Task.Run(() => Save("21.00:00:00")) };
            gate.SetResult();
            var responses = await Task.WhenAll(both);

            foreach (var response in responses)
            {
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        continue;
                    }
                    var problem = await ElsaAssert.ProblemAsync(response, HttpStatusCode.Conflict);
                    Assert.Contains("zojuist ook door een ander opgeslagen", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
                }
            }
            Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
            var stored = await ElsaAssert.OkObjectAsync(await owner.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{id}?versionOptions=Published"));
            Assert.Equal(id, ElsaAssert.Str(stored["definitionId"]));
        }
    }
}
