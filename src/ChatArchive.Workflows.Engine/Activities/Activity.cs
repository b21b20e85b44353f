namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>
/// A workflow activity: a class with <see cref="Attributes.ActivityAttribute"/>, typed inputs and outputs
/// as attributed properties, and named outcomes. An instance is created per execution (constructor
/// injection works), inputs are bound, then <see cref="ExecuteAsync"/> runs inside the step's
/// transaction scope: it must not commit anything of its own that cannot be repeated after a crash.
/// </summary>
public abstract class Activity
{
    public const string DoneOutcome = "Done";

    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>Called when the bookmark this activity created is filled (task completed, timer fired).</summary>
    public virtual ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume) =>
        ValueTask.FromResult(ActivityResult.Complete(resume.Outcome ?? DoneOutcome));
}
