using System.Text.Json;

namespace Ressursvenn.Web.Domain.Participants;

/// <summary>Where a woman is in the programme (docs/domain.md §4.2).</summary>
public enum ParticipantStatus
{
    Referred = 0,
    Intake = 1,
    Waiting = 2,
    Matched = 3,
    Closed = 4,
    Declined = 5,

    /// <summary>She withdrew her consent: her record is erased at once, her kept referral reads Withdrawn.</summary>
    Withdrawn = 6,
}

/// <summary>
/// A woman in the programme (deltaker). Everything that identifies her or could help someone find her is red data
/// (docs/domain.md §8): each such property is <see cref="EncryptedAttribute">[Encrypted]</see> and so never filtered,
/// sorted or projected in a query; lists are decrypted within one association's set (ADR 0011). Grouped values
/// (the safe-contact plan, the area, the profile, the risk information, the intake) are stored as one encrypted JSON
/// document each, read and written through the typed accessors below.
/// </summary>
public sealed class Participant : VersionedEntity
{
    public Guid AssociationId { get; set; }

    public ParticipantStatus Status { get; set; }

    /// <summary>When she entered the waiting list; kept when a proposal is declined (she keeps her place).</summary>
    public DateTime? WaitingSince { get; set; }

    /// <summary>When she was closed or declined; retention counts from here (docs/domain.md §8).</summary>
    public DateTime? ClosedAt { get; set; }

    /// <summary>
    /// Protected identity (sperret adresse / at risk of being traced): no postal code or municipality is kept, only a
    /// coarse area, and she is hidden from every list except her association's coordinators.
    /// </summary>
    public bool IsProtected { get; set; }

    /// <summary>Her first name or chosen name.</summary>
    [Encrypted]
    public required string Name { get; set; }

    /// <summary>A short visible warning for everyone who opens her record, e.g. "never call before 16".</summary>
    [Encrypted]
    public string? SafetyMarker { get; set; }

    [Encrypted]
    public string? ContactData { get; set; }

    [Encrypted]
    public string? AreaData { get; set; }

    [Encrypted]
    public string? ProfileData { get; set; }

    [Encrypted]
    public string? RiskData { get; set; }

    [Encrypted]
    public string? IntakeData { get; set; }

    public List<Consent> Consents { get; set; } = [];

    public List<ParticipantNote> Notes { get; set; } = [];

    public List<Referral> Referrals { get; set; } = [];

    public SafeContact Contact
    {
        get => EncryptedDocument.Read<SafeContact>(ContactData);
        set => ContactData = EncryptedDocument.Write(value);
    }

    public Area Area
    {
        get => EncryptedDocument.Read<Area>(AreaData);
        set => AreaData = EncryptedDocument.Write(value);
    }

    public ParticipantProfile Profile
    {
        get => EncryptedDocument.Read<ParticipantProfile>(ProfileData);
        set => ProfileData = EncryptedDocument.Write(value);
    }

    public RiskInformation Risk
    {
        get => EncryptedDocument.Read<RiskInformation>(RiskData);
        set => RiskData = EncryptedDocument.Write(value);
    }

    public Intake? Intake
    {
        get => IntakeData is null ? null : EncryptedDocument.Read<Intake>(IntakeData);
        set => IntakeData = value is null ? null : EncryptedDocument.Write(value);
    }

    /// <summary>Whether she has given (and not withdrawn) the consent of that kind.</summary>
    public bool HasConsent(ConsentKind kind) => Consents.Any(c => c.Kind == kind && c.Given && c.WithdrawnAt is null);

    /// <summary>Whether she is still in the programme (not closed or declined).</summary>
    public bool IsOpen => Status is not (ParticipantStatus.Closed or ParticipantStatus.Declined or ParticipantStatus.Withdrawn);
}

/// <summary>How to reach her safely. The code word is what the volunteer or coordinator says so she knows the call is safe.</summary>
public sealed record SafeContact
{
    public ContactChannel Channel { get; init; } = ContactChannel.Phone;

    public string? Phone { get; init; }

    public string? Email { get; init; }

    public string? SafeTimes { get; init; }

    public bool MayLeaveMessage { get; init; }

    public string? CodeWord { get; init; }
}

public enum ContactChannel
{
    Phone = 0,
    Sms = 1,
    Email = 2,
    ViaCrisisCentre = 3,
}

/// <summary>Where she lives: a municipality (and postal code), or only a county when her identity is protected.</summary>
public sealed record Area
{
    public string? MunicipalityCode { get; init; }

    public string? PostalCode { get; init; }

    /// <summary>The coarse area (a county code) used instead of a municipality for a protected identity.</summary>
    public string? CoarseCountyCode { get; init; }
}

public sealed record ParticipantProfile
{
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>A code of <see cref="Catalogues.Genders"/> the programme accepted when she was referred (null: before it was asked, a woman).</summary>
    public string? Gender { get; init; }

    /// <summary>Her age as a range (a code of <see cref="Catalogues.AgeGroups"/>), never a birth date; null when not given.</summary>
    public string? AgeGroup { get; init; }

    /// <summary>She needs a volunteer who speaks one of her languages (a hard matching rule).</summary>
    public bool NeedsSameLanguage { get; init; }

    public bool NeedsInterpreter { get; init; }

    public IReadOnlyList<string> Interests { get; init; } = [];

    public IReadOnlyList<string> Needs { get; init; } = [];

    public string? OtherNeeds { get; init; }

    /// <summary>The date she moved or will move out of the crisis centre.</summary>
    public DateOnly? MovesOutOn { get; init; }
}

/// <summary>What matching must know to keep her safe — never the abuser's identity (docs/domain.md §4.2).</summary>
public sealed record RiskInformation
{
    public bool HonourRelatedViolence { get; init; }

    public bool NegativeSocialControl { get; init; }

    public bool ForcedMarriage { get; init; }

    /// <summary>Municipalities where the abuser or his network live: a volunteer living there is never suggested.</summary>
    public IReadOnlyList<string> MunicipalitiesToAvoid { get; init; } = [];

    /// <summary>Communities, family names or groups the volunteer must not belong to.</summary>
    public string? NetworksToAvoid { get; init; }
}

/// <summary>The coordinator's intake conversation (kartleggingssamtale).</summary>
public sealed record Intake
{
    public DateOnly HeldOn { get; init; }

    public string? Summary { get; init; }

    public int? VolunteerMinAge { get; init; }

    public int? VolunteerMaxAge { get; init; }

    /// <summary>"Someone outside my community."</summary>
    public bool OutsideOwnCommunity { get; init; }

    /// <summary>Languages she would like the volunteer to speak (catalogue codes; a wish, scored, never a requirement).</summary>
    public IReadOnlyList<string> WishedLanguages { get; init; } = [];

    public string? Wishes { get; init; }

    /// <summary>
    /// When it usually suits her to meet: weekday × part of day as bits, laid out like <see cref="Volunteers.Volunteer.Availability"/>
    /// (bit = day * 3 + part, Monday morning = bit 0, Sunday evening = bit 20); 0 when none were given.
    /// </summary>
    [System.ComponentModel.Description("When it usually suits her to meet, as bits: Monday morning = bit 0, Monday afternoon = bit 1, ... Sunday evening = bit 20; 0 when none were given.")]
    public int Availability { get; init; }
}

/// <summary>The itemised consent of docs/domain.md §4.2, each with time, text version and who recorded it.</summary>
public enum ConsentKind
{
    Registration = 1,
    ShareWithVolunteer = 2,
    Feedback = 3,
    Statistics = 4,
}

public sealed class Consent
{
    /// <summary>The version of the consent text she was read; a new text gets a new version.</summary>
    public const string CurrentTextVersion = "2026-1";

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ParticipantId { get; set; }

    public ConsentKind Kind { get; set; }

    public bool Given { get; set; }

    public DateTime RecordedAt { get; set; }

    public Guid? RecordedByUserId { get; set; }

    public required string TextVersion { get; set; }

    public DateTime? WithdrawnAt { get; set; }
}

/// <summary>A short note on her record, by a coordinator.</summary>
public sealed class ParticipantNote
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ParticipantId { get; set; }

    [Encrypted]
    public required string Text { get; set; }

    public Guid? AuthorUserId { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>What the referring crisis centre sees of a referral: a status, never the volunteer (docs/domain.md §3).</summary>
public enum ReferralStatus
{
    Received = 0,
    Waiting = 1,
    Matched = 2,
    Closed = 3,
    Declined = 4,

    /// <summary>She withdrew her consent (told apart from a closure in the counts).</summary>
    Withdrawn = 5,
}

/// <summary>Why a referral was declined or closed without a match; sent back to the centre as a code.</summary>
public enum DeclineReason
{
    OutsideArea = 1,
    NeedsOtherHelp = 2,
    NoSuitableVolunteer = 3,
    SheDeclined = 4,
    NotReachable = 5,
    Other = 9,
}

/// <summary>
/// One referral from a crisis centre. It holds no personal data: after her record is erased it stays as an
/// anonymous statistical fact when she consented to statistics, and is deleted otherwise.
/// </summary>
public sealed class Referral : VersionedEntity
{
    /// <summary>A short reference the centre and the association can both quote (e.g. on the phone), no meaning.</summary>
    public required string Reference { get; set; }

    public Guid? ParticipantId { get; set; }

    public Guid AssociationId { get; set; }

    public Guid CrisisCentreId { get; set; }

    public Guid? CreatedByUserId { get; set; }

    public ReferralStatus Status { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public DeclineReason? DeclineReason { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>The start meeting date the centre may see once she is matched.</summary>
    public DateOnly? StartMeetingOn { get; set; }

    /// <summary>She consented to be counted anonymously in statistics.</summary>
    public bool CountsInStatistics { get; set; }
}

/// <summary>A national admin's audited access to one record (SR8), with her reason, for a limited time.</summary>
public sealed class BreakGlassAccess
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ParticipantId { get; set; }

    public Guid AssociationId { get; set; }

    public Guid UserId { get; set; }

    [Encrypted]
    public required string Reason { get; set; }

    public DateTime GrantedAt { get; set; }

    public DateTime ExpiresAt { get; set; }
}

/// <summary>Reads and writes the JSON documents kept in encrypted properties.</summary>
public static class EncryptedDocument
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static T Read<T>(string? json)
        where T : new() =>
        string.IsNullOrEmpty(json) ? new T() : JsonSerializer.Deserialize<T>(json, Options) ?? new T();

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}
