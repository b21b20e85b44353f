namespace ChatArchive.Classification.Suggestions;

/// <summary>Input the classifier cannot use (a bad message line, a bad contacts file). The message is Dutch and says what to do.</summary>
public sealed class ClassificationInputException(string message) : Exception(message);
