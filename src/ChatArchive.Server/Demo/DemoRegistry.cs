using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;

namespace ChatArchive.Server.Demo;

/// <summary>
/// The demo registry: cabinet Rutte IV as in CIO Rijk-rapportage 2024 §2 (function titles and appointment periods
/// only — no personal names; the function is the display name) and one department policy per
/// ministry from the "CIO Rijk uitvraag Q3 2024" columns of CIO Rijk-rapportage 2024 §3.x.
/// </summary>
public static class DemoRegistry
{
    public sealed record DemoDepartment(string Code, string Name, DemoPolicy Policy);

    public sealed record DemoPolicy(ReadOutFrequency Frequency, bool DeviceSeparation, CleaningMode Cleaning, bool KeepRawDataset, bool ExcludePrivateContacts, string Source);

    public sealed record DemoAppointment(string DepartmentCode, string FunctionTitle, OfficeholderKind Kind, DateOnly StartsOn, DateOnly EndsOn);

    // Column mapping (CIO Rijk-rapportage 2024 §3.x.2): "Scheiding … zakelijk middel" → DeviceSeparation;
    // "Frequentie" → Frequency ("Ja"/"Maandelijks" = monthly; "Regelmatig"/"Minder vaak dan 1x per maand"
    // read as six-weekly, the nearest interval the instruction knows); "Uitzonderen … contacten" →
    // ExcludePrivateContacts; "Schoning of markering" Ja → Remove, Nee → None; "Ruwe dataset bewaard" → KeepRawDataset.
    public static IReadOnlyList<DemoDepartment> Departments { get; } =
    [
        new("AZ", "Ministerie van Algemene Zaken", new(ReadOutFrequency.Monthly, true, CleaningMode.None, true, false, "CIO Rijk-rapportage 2024 §3.1.2")),
        new("BZ", "Ministerie van Buitenlandse Zaken", new(ReadOutFrequency.Monthly, true, CleaningMode.Remove, true, true, "CIO Rijk-rapportage 2024 §3.2.2")),
        new("BZK", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", new(ReadOutFrequency.Monthly, true, CleaningMode.Remove, true, true, "CIO Rijk-rapportage 2024 §3.3.2")),
        new("DEF", "Ministerie van Defensie", new(ReadOutFrequency.Monthly, true, CleaningMode.None, true, true, "CIO Rijk-rapportage 2024 §3.4.2")),
        new("EZK", "Ministerie van Economische Zaken en Klimaat", new(ReadOutFrequency.SixWeekly, true, CleaningMode.Remove, true, true, "CIO Rijk-rapportage 2024 §3.5.2 (regelmatig; gedeelde CIO office met LNV)")),
        new("FIN", "Ministerie van Financiën", new(ReadOutFrequency.TwoMonthly, true, CleaningMode.None, true, true, "CIO Rijk-rapportage 2024 §3.6.2")),
        new("IenW", "Ministerie van Infrastructuur en Waterstaat", new(ReadOutFrequency.Monthly, true, CleaningMode.Remove, true, true, "CIO Rijk-rapportage 2024 §3.7.2")),
        new("JenV", "Ministerie van Justitie en Veiligheid", new(ReadOutFrequency.SixWeekly, true, CleaningMode.None, true, true, "CIO Rijk-rapportage 2024 §3.8.2 (minder vaak dan 1x per maand)")),
        new("LNV", "Ministerie van Landbouw, Natuur en Voedselkwaliteit", new(ReadOutFrequency.SixWeekly, true, CleaningMode.Remove, true, true, "CIO Rijk-rapportage 2024 §3.5.2 (regelmatig; gedeelde CIO office met EZK)")),
        new("OCW", "Ministerie van Onderwijs, Cultuur en Wetenschap", new(ReadOutFrequency.SixWeekly, true, CleaningMode.Remove, false, true, "CIO Rijk-rapportage 2024 §3.9.2 (regelmatig)")),
        new("SZW", "Ministerie van Sociale Zaken en Werkgelegenheid", new(ReadOutFrequency.Monthly, true, CleaningMode.Remove, false, true, "CIO Rijk-rapportage 2024 §3.10.2 (streeft naar maandelijks)")),
        new("VWS", "Ministerie van Volksgezondheid, Welzijn en Sport", new(ReadOutFrequency.SixWeekly, true, CleaningMode.Remove, true, true, "CIO Rijk-rapportage 2024 §3.11.2")),
    ];

    private static readonly DateOnly CabinetStart = new(2022, 1, 10);
    private static readonly DateOnly CabinetEnd = new(2024, 7, 7);

    private static DemoAppointment M(string dept, string title, DateOnly? from = null, DateOnly? to = null) =>
        new(dept, title, OfficeholderKind.Minister, from ?? CabinetStart, to ?? CabinetEnd);

    private static DemoAppointment S(string dept, string title, DateOnly? from = null, DateOnly? to = null) =>
        new(dept, title, OfficeholderKind.StateSecretary, from ?? CabinetStart, to ?? CabinetEnd);

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>Seed 001 §2, the three tables "Functie / aanstelling van / aanstelling tot", row by row.</summary>
    public static IReadOnlyList<DemoAppointment> Appointments { get; } =
    [
        M("AZ", "Minister-president, minister van Algemene Zaken"),
        M("EZK", "Minister voor Klimaat en Energie"),
        M("SZW", "Minister voor Armoedebeleid, Participatie en Pensioenen"),
        M("SZW", "Minister van Sociale Zaken en Werkgelegenheid"),
        M("BZ", "Minister van Buitenlandse Zaken 3", D(2023, 9, 5)),
        M("BZ", "Minister van Buitenlandse Zaken 2", D(2023, 9, 1), D(2023, 9, 5)),
        M("BZ", "Minister van Buitenlandse Zaken 1", to: D(2023, 9, 1)),
        M("JenV", "Minister van Justitie en Veiligheid"),
        M("BZK", "Minister van Binnenlandse Zaken en Koninkrijksrelaties 2", D(2023, 9, 5)),
        M("BZK", "Minister van Binnenlandse Zaken en Koninkrijksrelaties 1", to: D(2023, 9, 5)),
        M("OCW", "Minister van Onderwijs, Cultuur en Wetenschap"),
        M("FIN", "Minister van Financiën 3", D(2024, 1, 12)),
        M("FIN", "Minister van Financiën 2", D(2024, 1, 8), D(2024, 1, 12)),
        M("FIN", "Minister van Financiën 1", to: D(2024, 1, 8)),
        M("DEF", "Minister van Defensie"),
        M("IenW", "Minister van Infrastructuur en Waterstaat"),
        M("EZK", "Minister van Economische Zaken en Klimaat"),
        M("LNV", "Minister van Landbouw, Natuur en Voedselkwaliteit 3", D(2022, 10, 3)),
        M("LNV", "Minister van Landbouw, Natuur en Voedselkwaliteit 2", D(2022, 9, 6), D(2022, 10, 3)),
        M("LNV", "Minister van Landbouw, Natuur en Voedselkwaliteit 1", to: D(2022, 9, 6)),
        M("VWS", "Minister van Volksgezondheid, Welzijn en Sport 2", D(2024, 1, 10)),
        M("VWS", "Minister van Volksgezondheid, Welzijn en Sport 1", to: D(2024, 1, 10)),
        M("BZK", "Minister voor Volkshuisvesting en Ruimtelijke Ordening", to: D(2023, 9, 5)),
        M("BZ", "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking 3", D(2024, 4, 15)),
        M("BZ", "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking 2", D(2023, 12, 4), D(2024, 4, 15)),
        M("BZ", "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking 1", D(2022, 9, 5), D(2023, 12, 4)),
        M("JenV", "Minister voor Rechtsbescherming"),
        M("OCW", "Minister voor Primair en Voortgezet Onderwijs 3", D(2023, 7, 21)),
        M("OCW", "Minister voor Primair en Voortgezet Onderwijs 2", D(2023, 6, 23), D(2023, 7, 21)),
        M("OCW", "Minister voor Primair en Voortgezet Onderwijs 1", to: D(2023, 6, 23)),
        M("LNV", "Minister voor Natuur en Stikstof"),
        M("VWS", "Minister voor Langdurige Zorg en Sport", to: D(2024, 1, 10)),
        M("VWS", "Minister voor Medische Zorg", D(2024, 2, 2)),
        S("BZK", "Staatssecretaris Koninkrijksrelaties en Digitalisering"),
        S("JenV", "Staatssecretaris van Justitie en Veiligheid 2"),
        S("JenV", "Staatssecretaris van Justitie en Veiligheid 1", D(2023, 10, 30), D(2023, 11, 23)),
        S("OCW", "Staatssecretaris Cultuur en Media 3", D(2024, 1, 12)),
        S("OCW", "Staatssecretaris Cultuur en Media 2", D(2023, 12, 6), D(2024, 1, 12)),
        S("OCW", "Staatssecretaris Cultuur en Media 1", to: D(2023, 11, 30)),
        S("FIN", "Staatssecretaris Fiscaliteit en Belastingdienst"),
        S("FIN", "Staatssecretaris Toeslagen en Douane"),
        S("DEF", "Staatssecretaris van Defensie"),
        S("IenW", "Staatssecretaris van Infrastructuur en Waterstaat"),
        S("EZK", "Staatssecretaris Mijnbouw"),
        S("VWS", "Staatssecretaris van Volksgezondheid, Welzijn en Sport"),
    ];
}
