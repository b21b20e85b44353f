using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Suggestions;

/// <summary>Stable wire names of <see cref="MessageLabel"/> (CLI, evaluation set) and their Dutch names.</summary>
public static class MessageLabels
{
    public const string Business = "business";
    public const string Private = "private";
    public const string PartyPolitical = "party-political";

    public static string ToWire(MessageLabel label) => label switch
    {
        MessageLabel.Private => Private,
        MessageLabel.PartyPolitical => PartyPolitical,
        _ => Business,
    };

    public static bool TryParse(string? wire, out MessageLabel label)
    {
        switch (wire)
        {
            case Business: label = MessageLabel.Business; return true;
            case Private: label = MessageLabel.Private; return true;
            case PartyPolitical: label = MessageLabel.PartyPolitical; return true;
            default: label = MessageLabel.Business; return false;
        }
    }

    public static string Dutch(MessageLabel label) => label switch
    {
        MessageLabel.Private => "privé",
        MessageLabel.PartyPolitical => "partijpolitiek",
        _ => "zakelijk",
    };
}
