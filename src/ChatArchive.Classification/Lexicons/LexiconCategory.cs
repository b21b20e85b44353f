namespace ChatArchive.Classification.Lexicons;

/// <summary>What a lexicon entry is evidence for. The rules only know these groups; the lexicon files say which words belong where.</summary>
public enum CategoryGroup
{
    Private,
    PartyPolitical,
    Business,
    /// <summary>The final position voiced in function (Handreiking §1.5 "Let op"): business even when the subject is the party.</summary>
    InFunction,
    /// <summary>A workplace named in passing ("op het ministerie"): enough to keep a message business against contact or thread, never enough to make a private message mixed.</summary>
    Workplace,
    SpecialCategory,
    Acknowledgement,
    /// <summary>A reaction to what the message before said ("wat heftig", "hoe gaat het nu met hem?"): no label evidence, but it carries that message's special categories.</summary>
    Reaction,
}

/// <summary>One category a lexicon entry may name, with the Dutch reason a person reads.</summary>
public sealed record LexiconCategory(string Name, CategoryGroup Group, string Reason, string? SpecialCategory = null)
{
    private static readonly LexiconCategory[] Known =
    [
        // Handreiking §1.5 "Voorbeelden van privé-informatie"
        new("private/congratulation", CategoryGroup.Private, "bevat felicitatie"),
        new("private/condolence", CategoryGroup.Private, "bevat condoleance"),
        new("private/lost-item", CategoryGroup.Private, "gaat over verloren of vergeten spullen"),
        new("private/treat", CategoryGroup.Private, "gaat over een traktatie"),
        new("private/family", CategoryGroup.Private, "gaat over familie of gezin"),
        new("private/social", CategoryGroup.Private, "gaat over een sociale afspraak of vrije tijd"),
        new("private/thanks", CategoryGroup.Private, "bedankt voor iets persoonlijks (cadeau, bloemen, kaart)"),
        new("private/get-well", CategoryGroup.Private, "bevat een beterschapswens"),
        new("private/wishes", CategoryGroup.Private, "bevat een persoonlijke wens (weekend, vakantie, feestdag)"),
        new("private/logistics", CategoryGroup.Private, "gaat over persoonlijke logistiek (ophalen, lunch, oppas)"),
        new("private/invitation", CategoryGroup.Private, "bevat een uitnodiging voor iets persoonlijks (borrel, feest, etentje)"),
        // Handreiking §1.5 "Voorbeelden van partijpolitieke informatie"
        new("party/congress", CategoryGroup.PartyPolitical, "noemt partijcongres of ledenvergadering"),
        new("party/internal", CategoryGroup.PartyPolitical, "gaat over interne partijzaken"),
        new("party/campaign", CategoryGroup.PartyPolitical, "gaat over campagne of kandidatenlijst van de partij"),
        new("party/position", CategoryGroup.PartyPolitical, "gaat over een partijstandpunt"),
        new("business/task", CategoryGroup.Business, "bevat zakelijke inhoud"),
        new("business/in-function", CategoryGroup.InFunction, "standpunt uitgedragen in functie"),
        new("business/request", CategoryGroup.Business, "vraagt de bewindspersoon in functie iets te doen"),
        new("business/place", CategoryGroup.Workplace, "noemt een werkplek"),
        // AVG art. 9 plus the BSN (which the BsnDetector finds, not a lexicon)
        new("special/health", CategoryGroup.SpecialCategory, "bevat mogelijk gezondheidsgegevens", SpecialCategories.Health),
        new("special/religion", CategoryGroup.SpecialCategory, "bevat mogelijk gegevens over religie of levensovertuiging", SpecialCategories.Religion),
        new("special/ethnicity", CategoryGroup.SpecialCategory, "bevat mogelijk gegevens over etnische afkomst", SpecialCategories.Ethnicity),
        new("special/sexual-orientation", CategoryGroup.SpecialCategory, "bevat mogelijk gegevens over seksuele gerichtheid", SpecialCategories.SexualOrientation),
        new("special/political-opinion", CategoryGroup.SpecialCategory, "bevat mogelijk politieke opvattingen van derden", SpecialCategories.PoliticalOpinion),
        new("special/trade-union", CategoryGroup.SpecialCategory, "bevat mogelijk gegevens over vakbondslidmaatschap", SpecialCategories.TradeUnion),
        new("special/genetic-biometric", CategoryGroup.SpecialCategory, "bevat mogelijk genetische of biometrische gegevens", SpecialCategories.GeneticBiometric),
        new("special/criminal", CategoryGroup.SpecialCategory, "bevat mogelijk strafrechtelijke gegevens", SpecialCategories.Criminal),
        new("acknowledgement", CategoryGroup.Acknowledgement, "korte bevestiging"),
        // Handreiking §2.2.2 stap 4: a reply that comments on special-category data holds it too
        new("reaction/concern", CategoryGroup.Reaction, "reageert met medeleven, schrik of bezorgdheid op het bericht ervoor"),
    ];

    private static readonly Dictionary<string, LexiconCategory> ByName = Known.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static IReadOnlyList<LexiconCategory> All => Known;

    public static bool TryGet(string name, out LexiconCategory category) => ByName.TryGetValue(name, out category!);
}
