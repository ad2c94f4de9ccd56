namespace Ressursvenn.Matching;

/// <summary>The hard rules of docs/domain.md §5; each code names the rule that excluded a volunteer.</summary>
public enum ExclusionCode
{
    NotApproved,
    NotToBeMatchedAgain,
    NoCapacity,
    RequirementsExpired,
    TooYoung,
    OtherAssociation,
    Language,
    LivesInAreaToAvoid,
    BelongsToNetworkToAvoid,
    DeclaredAcquaintance,
    DoNotMatchPair,
    BeyondTravelDistance,
}

/// <summary>Why a volunteer may not be matched with a woman. The reason is short and for coordinators only.</summary>
public sealed record Exclusion(ExclusionCode Code, string Reason);
