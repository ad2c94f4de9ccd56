using System.ComponentModel;
using System.Text.Json.Serialization;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.MyPages;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>One part of a suggestion's soft score: what was measured, in the engine's words and in the user's, and its points.</summary>
public sealed record ScorePartResponse(
    Engine.ScorePartKind Kind,
    [property: Description("What the engine measured, e.g. \"12.4 km\" (English, for tools).")]
    string RawValue,
    [property: Description("The points this part gives (its fit times its share of the weights; the parts add up to the score).")]
    double Points,
    [property: Description("The same in the user's language, as the suggestion page shows it.")]
    string Text);

/// <summary>
/// A volunteer as a coordinator's suggestions show her: her name when she belongs to the woman's association; a
/// volunteer lent by a neighbouring association is shown by her association only ("a volunteer in ...").
/// </summary>
public sealed record SuggestedVolunteer(
    Guid VolunteerId,
    [property: Description("Null for a volunteer lent by a neighbouring association: the page shows only her association.")]
    string? Name,
    Guid AssociationId,
    string AssociationName);

public sealed record SuggestionResponse(
    SuggestedVolunteer Volunteer,
    [property: Description("The soft score 0–100.")]
    double Score,
    IReadOnlyList<ScorePartResponse> Parts);

/// <summary>A hard rule that excludes a volunteer: its code, and the rule in the user's language.</summary>
public sealed record ExclusionResponse(Engine.ExclusionCode Code, string Reason);

public sealed record ExcludedVolunteerResponse(SuggestedVolunteer Volunteer, IReadOnlyList<ExclusionResponse> Exclusions);

/// <summary>The best volunteers for a waiting woman, best first, and on request every excluded volunteer with the rules that exclude her.</summary>
public sealed record SuggestionsResponse(
    Guid ParticipantId,
    [property: Description("How many volunteers pass every hard rule.")]
    int AllowedCount,
    IReadOnlyList<SuggestionResponse> Suggestions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: Description("Only with excluded=true: the volunteers the hard rules exclude, with why.")]
    IReadOnlyList<ExcludedVolunteerResponse>? Excluded);

public sealed record PlannedPairResponse(
    Guid ParticipantId,
    Guid VolunteerId,
    [property: Description("The pair's soft score 0–100.")]
    double Score);

/// <summary>One plan for the waiting list: its pairs, the women left unmatched and the total score.</summary>
public sealed record PlanSummary(
    [property: Description("The sum of the pairs' scores.")]
    double Total,
    IReadOnlyList<PlannedPairResponse> Pairs,
    IReadOnlyList<Guid> Unmatched);

/// <summary>
/// The batch plan of an association's waiting list (docs/domain.md §5): the optimal plan (the highest total score that
/// respects every hard rule) next to picking one woman at a time, longest waiting first. The coordinator still proposes
/// each match herself.
/// </summary>
public sealed record PlanResponse(
    Guid AssociationId,
    [property: Description("Women on the waiting list without an open proposal (and with a known area).")]
    int Waiting,
    [property: Description("The association's own volunteers the plan could use.")]
    int Volunteers,
    PlanSummary Optimal,
    PlanSummary Greedy);

/// <summary>A proposal: the volunteer the coordinator picks for her.</summary>
public sealed class ProposalRequest
{
    [Description("A volunteer of her association, or of a neighbouring association that agreed to widen the search.")]
    public Guid? VolunteerId { get; set; }

    [Description("Set to true when a network of the volunteer shares a word with one the woman must avoid (the suggestions page shows it) "
        + "and you have checked that it is not the same network; without it such a proposal is refused with 409.")]
    public bool AcknowledgeNetworkOverlap { get; set; }
}

/// <summary>A match as her association's coordinators see it through the API: ids, status and dates, never a name.</summary>
public sealed record MatchResponse(
    Guid Id,
    [property: Description("The match's version: send it back as If-Match: \"<version>\" to take a step only if nobody else has.")]
    long Version,
    MatchStatus Status,
    Guid AssociationId,
    Guid VolunteerAssociationId,
    [property: Description("The woman; null once her record was erased (the match stays for the statistics).")]
    Guid? ParticipantId,
    [property: Description("The volunteer; null once her record was erased (the match stays for the statistics).")]
    Guid? VolunteerId,
    DateTime ProposedAt,
    DateTime? VolunteerAcceptedAt,
    DateTime? ParticipantAcceptedAt,
    DateOnly? StartMeetingOn,
    bool CrisisCentreAtStartMeeting,
    DateOnly? PlannedEndOn,
    DateTime? PausedAt,
    DateTime? DeclinedAt,
    MatchDeclinedBy? DeclinedBy,
    MatchDeclineReason? DeclineReason,
    DateTime? ClosedAt,
    MatchCloseReason? CloseReason,
    [property: Description("Set when one of the volunteer's requirements expired while the match was open; the coordinator decides.")]
    DateTime? RequirementsFlaggedAt,
    DateTime? RequirementsFlagDecidedAt)
{
    public static MatchResponse From(Match m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new MatchResponse(
            m.Id, m.Version, m.Status, m.AssociationId, m.VolunteerAssociationId, m.ParticipantId, m.VolunteerId, m.ProposedAt,
            m.VolunteerAcceptedAt, m.ParticipantAcceptedAt, m.StartMeetingOn, m.CrisisCentreAtStartMeeting, m.PlannedEndOn, m.PausedAt,
            m.DeclinedAt, m.DeclinedBy, m.DeclineReason, m.ClosedAt, m.CloseReason, m.RequirementsFlaggedAt, m.RequirementsFlagDecidedAt);
    }
}

/// <summary>One match, with the coordinator's optional note on a decline (only in the single match, never in the list).</summary>
public sealed record MatchRecordResponse(
    MatchResponse Match,
    [property: Description("The coordinator's short note when she declined or withdrew the proposal.")]
    string? DeclineNote);

public sealed class ParticipantAnswerRequest
{
    [Description("Whether the woman said yes to the volunteer (she has no account: the coordinator records it).")]
    public bool? Yes { get; set; }
}

public sealed class StartMeetingRequest
{
    [Description("The day the start meeting was held: not in the future, not before the proposal.")]
    public DateOnly? HeldOn { get; set; }

    [Description("Whether someone from the crisis centre took part.")]
    public bool CrisisCentrePresent { get; set; }
}

public sealed class MatchDeclineRequest
{
    public const int MaxNoteLength = 500;

    [Description("Why the proposal ends. VolunteerKnowsHer is the volunteer's own answer and cannot be given here.")]
    public MatchDeclineReason? Reason { get; set; }

    [Description("An optional short note (at most 500 characters); no sensitive details.")]
    public string? Note { get; set; }
}

/// <summary>
/// What a volunteer may know of the woman in a proposal (docs/domain.md §4.3): the area (municipality, or only the county
/// for a protected identity), languages, interests and needs as catalogue codes — never a name or contact detail.
/// </summary>
public sealed record AnonymisedWomanResponse(
    string? MunicipalityCode,
    string? MunicipalityName,
    string? CountyCode,
    string? CountyName,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Interests,
    IReadOnlyList<string> Needs,
    [property: Description("She needs a volunteer who speaks her language.")]
    bool NeedsSameLanguage,
    [property: Description("Her age range (18-24, 25-34, 35-44, 45-54, 55-64, 65+); null when not given.")]
    string? AgeGroup);

/// <summary>A proposal waiting for the volunteer's answer.</summary>
public sealed record MyProposalResponse(
    Guid Id,
    [property: Description("Send it back as If-Match: \"<version>\" with the answer.")]
    long Version,
    MatchStatus Status,
    DateTime ProposedAt,
    AnonymisedWomanResponse Woman);

/// <summary>
/// The volunteer's answer to a proposal. She must say whether she knows the woman, her family or her community before
/// she can accept; a yes to that ends the proposal.
/// </summary>
public sealed class ProposalAnswerRequest
{
    [Description("Do you know this woman, her family or her community?")]
    public bool? KnowsHer { get; set; }

    [Description("Whether she takes the proposal (ignored when knowsHer is true).")]
    public bool? Accepts { get; set; }
}

/// <summary>Where a match stands after a step, with its new version (also sent as the ETag).</summary>
public sealed record MatchStateResponse(Guid Id, long Version, MatchStatus Status);

/// <summary>
/// The volunteer's running match (active or paused), with only what the woman agreed to share with her (SR7): the
/// same <see cref="SharedWithVolunteer"/> projection her page shows — her first or chosen name, the agreed safe way to
/// contact her (that channel's number or address only) and her needs as catalogue codes; null without that consent.
/// </summary>
public sealed record MyMatchResponse(
    Guid Id,
    MatchStatus Status,
    DateOnly? StartMeetingOn,
    DateOnly? PlannedEndOn,
    [property: Description("Whether she agreed to share her first name, safe way of contact and needs with the volunteer.")]
    bool Shared,
    [property: Description("What she agreed to share; null when she did not agree.")]
    SharedWithVolunteer? Woman);
