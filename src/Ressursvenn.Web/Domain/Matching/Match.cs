namespace Ressursvenn.Web.Domain.Matching;

/// <summary>
/// docs/domain.md §4.3: Proposed → AcceptedByVolunteer → AcceptedByParticipant → Active (start meeting held) → Paused ⇄
/// Active → Closing → Closed; a proposal can be Declined by either side.
/// </summary>
public enum MatchStatus
{
    Proposed = 0,
    AcceptedByVolunteer = 1,
    AcceptedByParticipant = 2,
    Active = 3,
    Paused = 4,
    Closing = 5,
    Closed = 6,
    Declined = 7,

    /// <summary>
    /// The volunteer left or paused while the match was running: the woman is back on the waiting list with her
    /// original waiting time, and the coordinator finds her a new volunteer. No slot is held; never a renewal case.
    /// </summary>
    VolunteerLeft = 8,
}

/// <summary>Who declined a proposal.</summary>
public enum MatchDeclinedBy
{
    Volunteer = 1,
    Participant = 2,
    Coordinator = 3,
}

/// <summary>Why a proposal was declined; kept for follow-up and statistics (never shown to the other side).</summary>
public enum MatchDeclineReason
{
    /// <summary>The volunteer answered that she knows the woman, her family or her community (the pair is blocked).</summary>
    VolunteerKnowsHer = 1,
    VolunteerNotAvailable = 2,
    VolunteerNotRightFit = 3,
    ParticipantSaidNo = 4,
    ParticipantNotReachable = 5,
    CoordinatorWithdrew = 6,

    /// <summary>The woman left the programme before the start (her referral was declined, she withdrew or was erased).</summary>
    ParticipantLeftProgramme = 7,
    Other = 9,
}

/// <summary>The closure reasons of docs/domain.md §4.3.</summary>
public enum MatchCloseReason
{
    CompletedAsPlanned = 1,
    ParticipantEnded = 2,
    VolunteerEnded = 3,
    ParticipantMoved = 4,
    SafetyConcern = 5,
    ReturnedToAbuser = 6,
    VolunteerNotSuitable = 7,
    Other = 9,
}

/// <summary>
/// A match (kobling) between one woman and one volunteer. It holds no personal data of its own beyond the optional
/// decline note (encrypted); the woman and the volunteer are referenced by id. A match outlives the erasure of either
/// person: the link to her becomes null and the note is removed, while the dates, status, reasons and associations
/// stay for the anonymous statistics (docs/domain.md §8). The two slot columns make "one open
/// match per woman" and "no more open matches than the volunteer's capacity" hold in the database itself (unique
/// indexes), so two coordinators proposing the same volunteer at once cannot both succeed.
/// </summary>
public sealed class Match : VersionedEntity
{
    /// <summary>The woman's association, whose coordinators run the match.</summary>
    public Guid AssociationId { get; set; }

    /// <summary>The volunteer's association: the same, or a neighbouring one that agreed to widen the search.</summary>
    public Guid VolunteerAssociationId { get; set; }

    /// <summary>The woman; null once her record was erased.</summary>
    public Guid? ParticipantId { get; set; }

    /// <summary>The volunteer; null once her record was erased.</summary>
    public Guid? VolunteerId { get; set; }

    public MatchStatus Status { get; set; }

    public DateTime ProposedAt { get; set; }

    public Guid? ProposedByUserId { get; set; }

    /// <summary>The soft score when proposed, in thousandths of a point.</summary>
    public int ScoreMilli { get; set; }

    /// <summary>When the volunteer answered "Do you know this woman, her family or her community?" with no, and accepted.</summary>
    public DateTime? VolunteerAcceptedAt { get; set; }

    /// <summary>When the coordinator recorded the woman's yes.</summary>
    public DateTime? ParticipantAcceptedAt { get; set; }

    public Guid? ParticipantAnswerRecordedByUserId { get; set; }

    public DateOnly? StartMeetingOn { get; set; }

    public bool CrisisCentreAtStartMeeting { get; set; }

    public DateOnly? PlannedEndOn { get; set; }

    public DateTime? PausedAt { get; set; }

    public DateTime? DeclinedAt { get; set; }

    public MatchDeclinedBy? DeclinedBy { get; set; }

    public MatchDeclineReason? DeclineReason { get; set; }

    /// <summary>An optional short note by the coordinator about the decline.</summary>
    [Encrypted]
    public string? DeclineNote { get; set; }

    public DateTime? ClosedAt { get; set; }

    public MatchCloseReason? CloseReason { get; set; }

    /// <summary>0 while the match is open (proposed to closing), null otherwise: unique per woman.</summary>
    public int? ParticipantSlot { get; set; }

    /// <summary>Which of the volunteer's capacity places the open match takes (0 or 1), null once it ends: unique per volunteer.</summary>
    public int? VolunteerSlot { get; set; }

    /// <summary>
    /// Set when one of the volunteer's requirements (police certificate, mandatory training, declaration) expired while
    /// the match was open: the coordinator must decide. The match itself is never ended or changed by this.
    /// </summary>
    public DateTime? RequirementsFlaggedAt { get; set; }

    /// <summary>When a coordinator recorded her decision on the flag (to continue while it is renewed).</summary>
    public DateTime? RequirementsFlagDecidedAt { get; set; }

    public Guid? RequirementsFlagDecidedByUserId { get; set; }

    /// <summary>A proposal before the start meeting, which either side may still decline (usable in queries).</summary>
    public static readonly MatchStatus[] BeforeStart = [MatchStatus.Proposed, MatchStatus.AcceptedByVolunteer, MatchStatus.AcceptedByParticipant];

    /// <summary>Open: takes the woman and a place of the volunteer's capacity (usable in queries).</summary>
    public static readonly MatchStatus[] Open =
        [.. BeforeStart, MatchStatus.Active, MatchStatus.Paused, MatchStatus.Closing];

    /// <summary>The start meeting was held: counts on her service letter and as experience.</summary>
    public static readonly MatchStatus[] Started = [MatchStatus.Active, MatchStatus.Paused, MatchStatus.Closing, MatchStatus.Closed, MatchStatus.VolunteerLeft];

    /// <summary>Running: the start meeting was held and the match has not ended (usable in queries).</summary>
    public static readonly MatchStatus[] Running = [MatchStatus.Active, MatchStatus.Paused, MatchStatus.Closing];

    public bool IsOpen => Open.Contains(Status);

    public bool HasStarted => Started.Contains(Status);

    public bool IsBeforeStart => BeforeStart.Contains(Status);
}

/// <summary>Why a pair must never be proposed.</summary>
public enum PairBlockKind
{
    /// <summary>The volunteer answered yes to "Do you know this woman, her family or her community?".</summary>
    DeclaredAcquaintance = 1,

    /// <summary>A coordinator put the pair on the do-not-match list.</summary>
    DoNotMatch = 2,
}

/// <summary>A (volunteer, woman) pair that the hard rules exclude for good (docs/domain.md §5 rule 7).</summary>
public sealed class PairBlock
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The woman's association.</summary>
    public Guid AssociationId { get; set; }

    public Guid VolunteerId { get; set; }

    public Guid ParticipantId { get; set; }

    public PairBlockKind Kind { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid? CreatedByUserId { get; set; }
}

public enum WideningStatus
{
    Requested = 0,
    Agreed = 1,
    Refused = 2,
}

/// <summary>
/// A coordinator asks a neighbouring association to let its volunteers be suggested for one waiting woman
/// (docs/domain.md §5 rule 5); its coordinator must agree before a proposal. The partner sees only the anonymised
/// summary kept here (no name, no municipality for a protected identity).
/// </summary>
public sealed class WideningRequest : VersionedEntity
{
    public Guid ParticipantId { get; set; }

    /// <summary>The woman's association, which asks.</summary>
    public Guid AssociationId { get; set; }

    /// <summary>The neighbouring association asked to share its volunteers.</summary>
    public Guid PartnerAssociationId { get; set; }

    public WideningStatus Status { get; set; }

    public Guid? RequestedByUserId { get; set; }

    public Guid? AnsweredByUserId { get; set; }

    public DateTime? AnsweredAt { get; set; }

    /// <summary>The anonymised description the partner's coordinator reads (JSON of <see cref="AnonymisedWoman"/>).</summary>
    [Encrypted]
    public string? SummaryData { get; set; }

    public AnonymisedWoman Summary
    {
        get => Participants.EncryptedDocument.Read<AnonymisedWoman>(SummaryData);
        set => SummaryData = Participants.EncryptedDocument.Write(value);
    }
}

/// <summary>
/// What may be shown about a woman to someone who must not know who she is (a volunteer reading a proposal, a
/// neighbouring association): the area (municipality, or only the county when protected), languages, interests and
/// needs — never a name, contact detail, risk information or free text.
/// </summary>
public sealed record AnonymisedWoman
{
    public string? MunicipalityCode { get; init; }

    public string? CountyCode { get; init; }

    /// <summary>Her age range (a code of Catalogues.AgeGroups); null when not given.</summary>
    public string? AgeGroup { get; init; }

    public IReadOnlyList<string> Languages { get; init; } = [];

    public IReadOnlyList<string> Interests { get; init; } = [];

    public IReadOnlyList<string> Needs { get; init; } = [];

    public bool NeedsSameLanguage { get; init; }
}
