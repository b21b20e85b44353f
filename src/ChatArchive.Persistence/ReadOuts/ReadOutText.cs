using ChatArchive.Domain.Messages;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>Dutch words for the life cycle, used in every refusal; the guidance is cited by title.</summary>
public static class ReadOutText
{
    public static string Stage(ReadOutStage stage) => stage switch
    {
        ReadOutStage.Planned => "gepland",
        ReadOutStage.Uploaded => "export geüpload",
        ReadOutStage.Ingested => "ingelezen",
        ReadOutStage.Suggested => "labels voorgesteld",
        ReadOutStage.InReview => "in beoordeling",
        ReadOutStage.Offered => "aangeboden ter validatie",
        ReadOutStage.Validated => "gevalideerd",
        ReadOutStage.Cleaned => "geschoond",
        _ => "verzegeld",
    };

    /// <summary>What must happen before a read-out can reach <paramref name="stage"/> (Handreiking §2.2.2).</summary>
    public static string Before(ReadOutStage stage) => stage switch
    {
        ReadOutStage.Uploaded => "upload eerst de export van de telefoon (Handreiking §2.2.2 stap 3)",
        ReadOutStage.Ingested => "lees eerst de geüploade export in (Handreiking §2.2.2 stap 3)",
        ReadOutStage.Suggested => "laat eerst labels voorstellen voor de ingelezen berichten (Handreiking §2.2.2 stap 4)",
        ReadOutStage.InReview => "beoordeel eerst de berichten (Handreiking §2.2.2 stap 4)",
        ReadOutStage.Offered => "bied de beoordeelde berichten eerst aan ter validatie (Handreiking §2.2.2 stap 5)",
        ReadOutStage.Validated => "laat eerst de bewindspersoon of vertrouwenspersoon de gemarkeerde berichten valideren (Handreiking §2.2.2 stap 6)",
        ReadOutStage.Cleaned => "pas eerst de schoning toe (Handreiking §2.2.2 stap 7)",
        ReadOutStage.Sealed => "verzegel eerst de uitlezing (Handreiking §2.2.2 stap 8)",
        _ => "plan eerst de uitlezing (Handreiking §2.2.2 stap 1 en 2)",
    };

    public static string Label(MessageLabel label) => label switch
    {
        MessageLabel.Business => "zakelijk",
        MessageLabel.Private => "privé",
        _ => "partijpolitiek",
    };
}
