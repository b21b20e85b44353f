namespace ChatArchive.Workflows.Engine.Model;

/// <summary>Why a definition was refused. <see cref="Message"/> is Dutch and says what to do (Studio shows it).</summary>
public sealed record ValidationError(string Message, string? ActivityId = null);
