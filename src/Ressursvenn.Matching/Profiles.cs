namespace Ressursvenn.Matching;

/// <summary>A point on the map: the centre of a municipality, a postal code or a coarse area — never an address.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude);

/// <summary>A volunteer's state in her lifecycle (docs/domain.md §4.1); only <see cref="Approved"/> can be matched.</summary>
public enum VolunteerStatus { Applied, Interview, Checks, Training, Approved, Paused, Left, Rejected, Withdrawn }

/// <summary>The woman waiting for a volunteer, as the engine needs her: no names, no address.</summary>
public sealed record WomanProfile
{
    public required Guid Id { get; init; }
    public required Guid AssociationId { get; init; }
    /// <summary>Her municipality, postal code or (protected identity) coarse area.</summary>
    public required GeoPoint Position { get; init; }
    /// <summary>When true, only volunteers speaking at least one of <see cref="RequiredLanguages"/> are allowed (hard rule 6).</summary>
    public bool RequiresLanguage { get; init; }
    /// <summary>The languages of which a volunteer must speak one when <see cref="RequiresLanguage"/> (any one is enough).</summary>
    public IReadOnlyList<string> RequiredLanguages { get; init; } = [];
    public IReadOnlyList<string> Languages { get; init; } = [];
    public IReadOnlyList<string> Interests { get; init; } = [];
    public WeeklyAvailability Availability { get; init; }
    /// <summary>Wished volunteer age range (inclusive), either end optional.</summary>
    public int? WishedMinAge { get; init; }
    public int? WishedMaxAge { get; init; }
    /// <summary>Languages she would like the volunteer to speak (a wish, not a requirement): one of them fits.</summary>
    public IReadOnlyList<string> WishedLanguages { get; init; } = [];
    /// <summary>She wished for "someone outside my community" (a wish, scored with <see cref="CommunityLanguages"/>).</summary>
    public bool WishesOutsideCommunity { get; init; }
    /// <summary>
    /// The languages that mark her own community (her languages other than the majority language): a volunteer who
    /// speaks none of them fits the wish for someone outside her community.
    /// </summary>
    public IReadOnlyList<string> CommunityLanguages { get; init; } = [];
    /// <summary>Municipality codes where the abuser or his network live.</summary>
    public IReadOnlyList<string> AreasToAvoid { get; init; } = [];
    /// <summary>Communities, family names or groups the volunteer must not belong to (compared as <see cref="Matching.Networks"/> normalises them).</summary>
    public IReadOnlyList<string> NetworksToAvoid { get; init; } = [];
    /// <summary>Start of her waiting time; orders the greedy plan (longest waiting first).</summary>
    public DateOnly WaitingSince { get; init; }
}

/// <summary>A volunteer as the engine needs her.</summary>
public sealed record VolunteerProfile
{
    public required Guid Id { get; init; }
    public required Guid AssociationId { get; init; }
    public required string MunicipalityCode { get; init; }
    public required GeoPoint Position { get; init; }
    public required DateOnly BirthDate { get; init; }
    public VolunteerStatus Status { get; init; } = VolunteerStatus.Approved;
    public bool NotToBeMatchedAgain { get; init; }
    /// <summary>Simultaneous matches she may have (1 by default, at most 2).</summary>
    public int Capacity { get; init; } = 1;
    public int ActiveMatches { get; init; }
    public bool PoliceCertificateValid { get; init; } = true;
    public bool MandatoryTrainingDone { get; init; } = true;
    public bool DeclarationSigned { get; init; } = true;
    /// <summary>The first day on which a requirement (certificate, training, declaration) has expired is the day after this; null = no expiry.</summary>
    public DateOnly? RequirementsValidUntil { get; init; }
    public IReadOnlyList<string> Languages { get; init; } = [];
    public IReadOnlyList<string> Interests { get; init; } = [];
    public WeeklyAvailability Availability { get; init; }
    public double MaxTravelKm { get; init; } = 30;
    /// <summary>Communities and family names she belongs to.</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];
    /// <summary>Earlier completed matches (experience).</summary>
    public int ExperienceMatches { get; init; }
    /// <summary>Since when she has waited for a match; null = not waiting.</summary>
    public DateOnly? WaitingSince { get; init; }
}

/// <summary>A (volunteer, woman) pair, for declared acquaintances and do-not-match lists.</summary>
public readonly record struct PairKey(Guid VolunteerId, Guid WomanId);

/// <summary>Everything a matching decision depends on besides the two profiles. No clock: the date is an input.</summary>
public sealed record MatchContext
{
    public required DateOnly ProposalDate { get; init; }
    /// <summary>The woman's own association plus neighbouring associations whose coordinator agreed to widen.</summary>
    public required IReadOnlySet<Guid> AllowedAssociationIds { get; init; }
    public int MinimumAge { get; init; } = 25;
    public IReadOnlySet<PairKey> DeclaredAcquaintances { get; init; } = EmptyPairs;
    public IReadOnlySet<PairKey> DoNotMatchPairs { get; init; } = EmptyPairs;
    public ScoreWeights Weights { get; init; } = ScoreWeights.Default;

    private static readonly IReadOnlySet<PairKey> EmptyPairs = new HashSet<PairKey>();
}
