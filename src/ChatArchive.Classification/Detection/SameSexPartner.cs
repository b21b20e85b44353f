using System.Reflection;
using ChatArchive.Classification.Matching;

namespace ChatArchive.Classification.Detection;

/// <summary>
/// Sexual orientation in everyday phrasing that no word list can see alone (AVG art. 9): the writer names a partner of
/// the same sex ("mijn man" from Bas, "my wife" from Claire, "Mark en ik gaan trouwen" from Bas). The writer's sex is
/// guessed from the first name of the sender only, with a hand-written list of common first names (data file); an
/// unknown or shared name says nothing. Reads the folded tokens of the rule stage and allocates nothing.
/// </summary>
public static class SameSexPartner
{
    private const char Male = 'm';
    private const char Female = 'v';
    private static readonly Dictionary<string, char> Names = Load();
    private static readonly Dictionary<string, char>.AlternateLookup<ReadOnlySpan<char>> ByName = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    private static Dictionary<string, char> Load()
    {
        var names = new Dictionary<string, char>(StringComparer.Ordinal);
        using var stream = typeof(SameSexPartner).Assembly.GetManifestResourceStream("ChatArchive.Classification.Detection.first-names.txt")
            ?? throw new InvalidOperationException("De namenlijst van de classificatie ontbreekt in de module.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length < 3 || line[0] == '#') continue;
            names[line[2..].Trim()] = line[0];
        }
        return names;
    }

    /// <summary>The sex usually given to this first name ('m' or 'v'), or '\0' when unknown.</summary>
    public static char SexOf(ReadOnlySpan<char> folded) => ByName.TryGetValue(folded, out var sex) ? sex : '\0';

    /// <summary>
    /// Whether the message's writer names a partner of the same sex, or names the partner of the person it answers
    /// (<paramref name="addressee"/>: the writer of the answered message, or else of the message before) with that person's
    /// sex ("dan zien we je vrouw weer eens" to Ingrid).
    /// </summary>
    public static bool Detect(string sender, TokenBuffer tokens, string? addressee = null)
    {
        if (tokens.Count < 2) return false;
        if (addressee is not null && AddresseesPartner(SexOf(FirstNameFolded(addressee, stackalloc char[32])), tokens)) return true;
        var writer = SexOf(FirstNameFolded(sender, stackalloc char[32]));
        var couple = false;
        var introduced = false;
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            var a = tokens[i];
            var b = tokens[i + 1];
            // "Erwin en Mustafa gaan trouwen": two names of the same sex, joined, with a couple's word (below).
            if (i + 2 < tokens.Count && b is "en" or "and" && SexOf(a) is var first && first != '\0' && SexOf(tokens[i + 2]) == first) couple = true;
            if (writer == '\0') continue;
            if (a is "mijn" or "my")
            {
                var partner = PartnerSex(b);
                if (partner == writer) return true;
            }
            // "Mark en ik gaan trouwen", "Emma and I are getting married": a name of the writer's sex, then "en ik".
            if (i + 2 < tokens.Count && b is "en" or "and" && tokens[i + 2] is "ik" or "i" && SexOf(a) == writer) couple = true;
            // "mijn vriendin en ik", "met mijn vriend samenwonen": a friend of the writer's sex only counts with a couple's word.
            if (a is "mijn" && ((b is "vriend" && writer == Male) || (b is "vriendin" && writer == Female))) couple = true;
            // "Ik heb iemand leren kennen, ze heet Ilse en we zijn nu drie maanden samen" from Carolien: someone of the writer's sex
            // introduced by name, with the words of a new relationship (below).
            if (a is "heet" or "named" or "called" && SexOf(b) == writer) introduced = true;
        }
        if (!couple && !introduced) return false;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] is "trouwen" or "getrouwd" or "samenwonen" or "verloofd" or "married" or "engaged" or "wedding" or "bruiloft") return true;
            if (introduced && tokens[i] is "samen" or "verliefd" or "relatie" or "together" or "dating" or "relationship") return true;
        }
        return false;
    }

    private static bool AddresseesPartner(char addressee, TokenBuffer tokens)
    {
        if (addressee == '\0') return false;
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i] is not ("je" or "jouw" or "your")) continue;
            var partner = PartnerSex(tokens[i + 1]);
            if (partner != '\0' && partner == addressee) return true;
        }
        return false;
    }

    private static char PartnerSex(ReadOnlySpan<char> word) => word switch
    {
        "man" or "echtgenoot" or "husband" or "boyfriend" => Male,
        "vrouw" or "echtgenote" or "wife" => Female,
        _ => '\0',
    };

    private static ReadOnlySpan<char> FirstNameFolded(string sender, Span<char> buffer)
    {
        var length = 0;
        foreach (var c in sender)
        {
            if (CharFolding.IsWordChar(c))
            {
                if (length == buffer.Length) return default;
                buffer[length++] = CharFolding.Fold(c);
            }
            else if (length > 0)
            {
                break;
            }
        }
        return buffer[..length];
    }
}
