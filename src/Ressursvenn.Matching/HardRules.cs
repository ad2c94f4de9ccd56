using System.Globalization;

namespace Ressursvenn.Matching;

/// <summary>
/// The hard rules of docs/domain.md §5, one small function each. A volunteer is allowed for a woman only when none
/// returns an exclusion. This is the reference implementation, used for explanations and for single proposals;
/// <see cref="VolunteerPool"/> runs the same rules on precomputed data for speed (tests hold the two together).
/// </summary>
public static class HardRules
{
    private delegate Exclusion? Rule(WomanProfile woman, VolunteerProfile volunteer, MatchContext context);

    private static readonly Rule[] Rules =
    [
        NotApproved, NotToBeMatchedAgain, NoCapacity, RequirementsExpired, TooYoung, OtherAssociation, Language,
        LivesInAreaToAvoid, BelongsToNetworkToAvoid, DeclaredAcquaintance, DoNotMatchPair, BeyondTravelDistance,
    ];

    /// <summary>Every rule the pair breaks, in <see cref="ExclusionCode"/> order; empty when the pair is allowed.</summary>
    public static IReadOnlyList<Exclusion> Evaluate(WomanProfile woman, VolunteerProfile volunteer, MatchContext context)
    {
        ArgumentNullException.ThrowIfNull(woman);
        ArgumentNullException.ThrowIfNull(volunteer);
        ArgumentNullException.ThrowIfNull(context);
        List<Exclusion>? found = null;
        foreach (var rule in Rules)
        {
            if (rule(woman, volunteer, context) is { } exclusion)
            {
                (found ??= []).Add(exclusion);
            }
        }

        return found ?? (IReadOnlyList<Exclusion>)[];
    }

    public static bool IsAllowed(WomanProfile woman, VolunteerProfile volunteer, MatchContext context) =>
        Evaluate(woman, volunteer, context).Count == 0;

    private static Exclusion? NotApproved(WomanProfile w, VolunteerProfile v, MatchContext c) =>
        v.Status == VolunteerStatus.Approved ? null
            : new(ExclusionCode.NotApproved, $"Status is {v.Status}, not Approved.");

    private static Exclusion? NotToBeMatchedAgain(WomanProfile w, VolunteerProfile v, MatchContext c) =>
        v.NotToBeMatchedAgain ? new(ExclusionCode.NotToBeMatchedAgain, "Marked \"not to be matched again\".") : null;

    private static Exclusion? NoCapacity(WomanProfile w, VolunteerProfile v, MatchContext c) =>
        v.ActiveMatches < v.Capacity ? null
            : new(ExclusionCode.NoCapacity, $"Has {v.ActiveMatches} of {v.Capacity} possible matches.");

    private static Exclusion? RequirementsExpired(WomanProfile w, VolunteerProfile v, MatchContext c)
    {
        var missing = new List<string>(3);
        if (!v.PoliceCertificateValid) { missing.Add("police certificate"); }
        if (!v.MandatoryTrainingDone) { missing.Add("mandatory training"); }
        if (!v.DeclarationSigned) { missing.Add("confidentiality declaration"); }
        if (missing.Count > 0)
        {
            return new(ExclusionCode.RequirementsExpired, "Missing: " + string.Join(", ", missing) + ".");
        }

        return v.RequirementsValidUntil is { } until && until < c.ProposalDate
            ? new(ExclusionCode.RequirementsExpired, $"Requirements expired after {until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.")
            : null;
    }

    private static Exclusion? TooYoung(WomanProfile w, VolunteerProfile v, MatchContext c)
    {
        var age = Age.On(v.BirthDate, c.ProposalDate);
        return age >= c.MinimumAge ? null
            : new(ExclusionCode.TooYoung, $"Is {age} on the proposal date; the minimum is {c.MinimumAge}.");
    }

    private static Exclusion? OtherAssociation(WomanProfile w, VolunteerProfile v, MatchContext c) =>
        c.AllowedAssociationIds.Contains(v.AssociationId) ? null
            : new(ExclusionCode.OtherAssociation, "Belongs to an association outside the search.");

    private static Exclusion? Language(WomanProfile w, VolunteerProfile v, MatchContext c)
    {
        var wanted = w.RequiresLanguage ? Text.Keys(w.RequiredLanguages) : [];
        if (wanted.Count == 0)
        {
            return null;
        }

        return v.Languages.Any(l => wanted.Contains(Text.Key(l))) ? null
            : new(ExclusionCode.Language, $"Speaks none of {string.Join(", ", wanted.Order(StringComparer.Ordinal))}.");
    }

    private static Exclusion? LivesInAreaToAvoid(WomanProfile w, VolunteerProfile v, MatchContext c)
    {
        var home = Text.Key(v.MunicipalityCode);
        return w.AreasToAvoid.Any(a => Text.Key(a) == home)
            ? new(ExclusionCode.LivesInAreaToAvoid, "Lives in one of the woman's areas to avoid.") : null;
    }

    private static Exclusion? BelongsToNetworkToAvoid(WomanProfile w, VolunteerProfile v, MatchContext c)
    {
        return Networks.AnySame(w.NetworksToAvoid, v.Networks)
            ? new(ExclusionCode.BelongsToNetworkToAvoid, "Belongs to one of the woman's networks to avoid.") : null;
    }

    private static Exclusion? DeclaredAcquaintance(WomanProfile w, VolunteerProfile v, MatchContext c) =>
        c.DeclaredAcquaintances.Contains(new PairKey(v.Id, w.Id))
            ? new(ExclusionCode.DeclaredAcquaintance, "Has declared that she knows the woman, her family or community.") : null;

    private static Exclusion? DoNotMatchPair(WomanProfile w, VolunteerProfile v, MatchContext c) =>
        c.DoNotMatchPairs.Contains(new PairKey(v.Id, w.Id))
            ? new(ExclusionCode.DoNotMatchPair, "The pair is on the do-not-match list.") : null;

    private static Exclusion? BeyondTravelDistance(WomanProfile w, VolunteerProfile v, MatchContext c)
    {
        var km = Geo.DistanceKm(w.Position, v.Position);
        return km <= v.MaxTravelKm ? null
            : new(ExclusionCode.BeyondTravelDistance,
                string.Create(CultureInfo.InvariantCulture, $"{km:0} km away; she travels at most {v.MaxTravelKm:0} km."));
    }
}
