namespace ChatArchive.Workflows.Engine.Activities.Attributes;

/// <summary>
/// The activity may be run again after a failure without harm (it calls something that can be briefly unavailable, and a
/// repeat does no double work): a failing step is retried automatically with back-off (<see cref="Hosting.RetryOptions"/>)
/// before it becomes an incident.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RetryAttribute : Attribute;
