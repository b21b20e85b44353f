namespace ChatArchive.Classification.Rules;

/// <summary>
/// What a whole conversation is like, read from all its messages (the full pipeline's first pass): a personal chat is one
/// of at least <see cref="MinimumMessages"/> messages in which no message holds any business word or workplace (not even a
/// weak one) and at least <see cref="MinimumPersonal"/> messages have a personal tone: a private word, a special-category
/// word, a reaction of sympathy, an emoji or laughter. A sports club, a neighbour, old friends planning a reunion: the single
/// messages ("Ik kan rijden, 4 plekken", "Wie boekt de tafel?") say nothing, the chat as a whole does. One business word in any
/// message keeps the whole conversation "bij twijfel zakelijk".
/// </summary>
public struct ConversationTone
{
    public const int MinimumMessages = 4;
    public const int MinimumPersonal = 3;

    private int _messages;
    private int _business;
    private int _personal;

    /// <summary>Adds one message: its evidence and, for the tone, its text.</summary>
    public void Add(Evidence e, string text)
    {
        _messages++;
        if (e.Business > 0 || e.Workplace > 0) _business++;
        else if (e.Private > 0 || e.Reaction > 0 || e.AnySpecial || IsCasual(text)) _personal++;
    }

    public readonly bool IsPersonalChat => _business == 0 && _messages >= MinimumMessages && _personal >= MinimumPersonal;

    /// <summary>An emoji (pictographs, hearts, smileys) or laughter ("haha", "hihi") or a double exclamation mark.</summary>
    public static bool IsCasual(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            // Pictographs and smileys U+1F300–U+1FAFF are surrogate pairs with these high surrogates; U+2600–U+27BF are symbols (☺, ❤, ☀).
            if (ch is >= '\uD83C' and <= '\uD83E' || ch is >= '\u2600' and <= '\u27BF') return true;
            if (ch == '!' && i + 1 < text.Length && text[i + 1] == '!') return true;
            if (ch is 'h' or 'H' && i + 3 < text.Length && char.ToLowerInvariant(text[i + 2]) == 'h'
                && char.ToLowerInvariant(text[i + 1]) is 'a' or 'i' && char.ToLowerInvariant(text[i + 3]) == char.ToLowerInvariant(text[i + 1])
                && (i == 0 || !char.IsLetter(text[i - 1])))
            {
                return true;
            }
        }
        return false;
    }
}
