namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>An input value cannot be used (wrong format, missing); becomes an incident with a Dutch message.</summary>
public sealed class ActivityInputException(string message) : Exception(message);
