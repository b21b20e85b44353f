namespace ChatArchive.Classification.Decisions;

/// <summary>The validator reviewed the same message: the four-eyes principle (Handreiking §2.2.2 steps 2 and 6) forbids it.</summary>
public sealed class FourEyesViolationException(string message) : DecisionException(message);
