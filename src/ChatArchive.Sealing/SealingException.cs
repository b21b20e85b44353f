namespace ChatArchive.Sealing;

/// <summary>An error a person must act on; <see cref="Exception.Message"/> is Dutch and says what to do.</summary>
public sealed class SealingException(string message, Exception? inner = null) : Exception(message, inner);
