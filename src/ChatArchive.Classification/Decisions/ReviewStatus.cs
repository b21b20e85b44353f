namespace ChatArchive.Classification.Decisions;

/// <summary>Where a message is in Handreiking §2.2.2 steps 4–7.</summary>
public enum ReviewStatus
{
    /// <summary>Only the classifier's suggestion exists (step 4 not done).</summary>
    AwaitingReview,
    /// <summary>The information professional decided (step 4). Marked private/party messages then await validation.</summary>
    Reviewed,
    /// <summary>The officeholder or trustee disagreed (step 6): back to the professional.</summary>
    ReturnedToProfessional,
    /// <summary>The officeholder or trustee agreed with the mark (step 6).</summary>
    Validated,
    /// <summary>Applied (step 7): kept, removed or marked.</summary>
    Final,
}
