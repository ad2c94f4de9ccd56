using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.Web.Features.Shared;

/// <summary>How a step taken through a capability's service ended (the one door for a write).</summary>
public enum StepOutcome
{
    /// <summary>Done and saved.</summary>
    Done,

    /// <summary>Approval (volunteers): the first coordinator asked; a second one must confirm (four-eyes). Saved.</summary>
    ApprovalRequested,

    /// <summary>Approval: the coordinator who asked asked again; nothing changed.</summary>
    StillWaiting,

    /// <summary>Approval: requirements do not hold (<see cref="StepResult.Missing"/>); nothing changed.</summary>
    MissingRequirements,

    /// <summary>The rules refused the step (<see cref="StepResult.RefusalKey"/> is the text key); nothing changed.</summary>
    Refused,

    /// <summary>Someone else saved her record in between (or the version sent was not the current one); nothing changed.</summary>
    Stale,
}

public sealed record StepResult(StepOutcome Outcome, string? RefusalKey = null, IReadOnlyList<Requirement>? Missing = null)
{
    public bool Saved => Outcome is StepOutcome.Done or StepOutcome.ApprovalRequested;
}
