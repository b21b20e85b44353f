using System.Text.Json.Nodes;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>Definition models as Studio sends them (elsa-examples/GET-workflow-definitions-by-definition-id.json), with Dutch test data.</summary>
public static class StudioModels
{
    /// <summary>What Studio's "create" dialog posts: no definition id, a bare flowchart root without nodeId.</summary>
    public static JsonObject NewDefinition(string name, string rootType = "Elsa.Flowchart") => new()
    {
        ["definitionId"] = null,
        ["name"] = name,
        ["description"] = "",
        ["variables"] = new JsonArray(),
        ["inputs"] = new JsonArray(),
        ["outputs"] = new JsonArray(),
        ["outcomes"] = new JsonArray(),
        ["customProperties"] = new JsonObject(),
        ["options"] = new JsonObject(),
        ["root"] = new JsonObject { ["id"] = "flow1", ["type"] = rootType, ["version"] = 1, ["name"] = "Flowchart1" },
    };

    /// <summary>
    /// A periodic read-out (seed 000 §2.2.2): Start → wait the read-out frequency → task "Uitlezen telefoon"
    /// for the information professional with outcomes Uitgelezen/Niet gelukt → End.
    /// </summary>
    public static JsonObject PeriodicReadOut(string name, string frequency, string? definitionId = null)
    {
        var model = NewDefinition(name);
        model["definitionId"] = definitionId;
        model["root"] = new JsonObject
        {
            ["id"] = "flow1",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["metadata"] = new JsonObject(),
            ["activities"] = new JsonArray
            {
                Activity("start1", "Start1", "Elsa.Start", 0, 0),
                Activity("wacht1", "WachtenOpUitleesmoment", "Elsa.Delay", 250, 0, ("timeSpan", "TimeSpan", frequency)),
                Activity("taak1", "UitlezenTelefoon", "ChatArchive.HumanTask", 500, 0,
                    ("title", "String", "Uitlezen telefoon"),
                    ("assigneeRole", "String", "information-professional"),
                    ("outcomes", "String[]", "[\"Uitgelezen\",\"Niet gelukt\"]")),
                Activity("einde1", "Einde1", "Elsa.End", 750, 0),
            },
            ["connections"] = new JsonArray
            {
                Connection("start1", "Done", "wacht1"),
                Connection("wacht1", "Done", "taak1"),
                Connection("taak1", "Uitgelezen", "einde1"),
            },
        };
        return model;
    }

    /// <summary>Start → task "Intakegesprek" (seed 000 §2.2.1) for the process owner → End: waits at once, no timer.</summary>
    public static JsonObject Intake(string name)
    {
        var model = NewDefinition(name);
        model["root"] = new JsonObject
        {
            ["id"] = "flow1",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["activities"] = new JsonArray
            {
                Activity("start1", "Start1", "Elsa.Start", 0, 0),
                Activity("intake1", "Intakegesprek", "ChatArchive.HumanTask", 250, 0,
                    ("title", "String", "Intakegesprek met de bewindspersoon"),
                    ("assigneeRole", "String", "information-professional"),
                    ("outcomes", "String[]", "[\"Afgerond\",\"Uitgesteld\"]")),
                Activity("einde1", "Einde1", "Elsa.End", 500, 0),
            },
            ["connections"] = new JsonArray
            {
                Connection("start1", "Done", "intake1"),
                Connection("intake1", "Afgerond", "einde1"),
            },
        };
        return model;
    }

    public static JsonObject Activity(string id, string name, string type, double x, double y, params (string Name, string TypeName, string Value)[] inputs)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["type"] = type,
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject
            {
                ["designer"] = new JsonObject
                {
                    ["position"] = new JsonObject { ["x"] = x, ["y"] = y },
                    ["size"] = new JsonObject { ["width"] = 180, ["height"] = 54 },
                },
            },
        };
        foreach (var (inputName, typeName, value) in inputs)
        {
            activity[inputName] = new JsonObject
            {
                ["typeName"] = typeName,
                ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value },
                ["memoryReference"] = null,
            };
        }
        return activity;
    }

    public static JsonObject Connection(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        ["vertices"] = new JsonArray(),
    };

    public static JsonObject SaveBody(JsonObject model, bool? publish) => new() { ["model"] = model.DeepClone(), ["publish"] = publish };
}
