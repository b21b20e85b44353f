namespace ChatArchive.Classification.Decisions;

/// <summary>A decision that is not allowed now. The message is Dutch and says what to do; nothing was changed.</summary>
public class DecisionException(string message) : Exception(message);
