namespace ChatArchive.Workflows.Engine.Expressions;

/// <summary>An expression could not be evaluated; <see cref="Exception.Message"/> is the Dutch reason (without the field name).</summary>
public sealed class ExpressionException(string message) : Exception(message);
