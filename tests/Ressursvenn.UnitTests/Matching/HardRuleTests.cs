using Ressursvenn.Matching;
using static Ressursvenn.UnitTests.Matching.MatchingData;

namespace Ressursvenn.UnitTests.Matching;

public sealed class HardRuleTests
{
    /// <summary>One way to break each rule: the changed volunteer, woman and context.</summary>
    private static (WomanProfile Woman, VolunteerProfile Volunteer, MatchContext Context) Breaking(ExclusionCode code)
    {
        var w = Woman();
        var v = Volunteer(1);
        var c = Context();
        switch (code)
        {
            case ExclusionCode.NotApproved: v = v with { Status = VolunteerStatus.Paused }; break;
            case ExclusionCode.NotToBeMatchedAgain: v = v with { NotToBeMatchedAgain = true }; break;
            case ExclusionCode.NoCapacity: v = v with { Capacity = 1, ActiveMatches = 1 }; break;
            case ExclusionCode.RequirementsExpired: v = v with { RequirementsValidUntil = Today.AddDays(-1) }; break;
            case ExclusionCode.TooYoung: v = v with { BirthDate = Today.AddYears(-25).AddDays(1) }; break;
            case ExclusionCode.OtherAssociation: v = v with { AssociationId = Neighbour }; break;
            case ExclusionCode.Language: w = w with { RequiresLanguage = true, RequiredLanguages = ["Arabisk"] }; break;
            case ExclusionCode.LivesInAreaToAvoid: w = w with { AreasToAvoid = ["0301"] }; break;
            case ExclusionCode.BelongsToNetworkToAvoid:
                w = w with { NetworksToAvoid = ["  Familien Hansen "] };
                v = v with { Networks = ["idrettslaget", "familien HANSEN"] };
                break;
            case ExclusionCode.DeclaredAcquaintance: c = c with { DeclaredAcquaintances = new HashSet<PairKey> { new(v.Id, w.Id) } }; break;
            case ExclusionCode.DoNotMatchPair: c = c with { DoNotMatchPairs = new HashSet<PairKey> { new(v.Id, w.Id) } }; break;
            case ExclusionCode.BeyondTravelDistance: v = v with { Position = North(Oslo, 31), MaxTravelKm = 30 }; break;
            default: throw new ArgumentOutOfRangeException(nameof(code));
        }

        return (w, v, c);
    }

    public static TheoryData<ExclusionCode> AllCodes => [.. Enum.GetValues<ExclusionCode>()];

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void EachRule_ExcludesExactlyTheVolunteerBreakingIt_WithItsCode(ExclusionCode code)
    {
        var (woman, breaker, context) = Breaking(code);
        // Volunteers who speak her language and live elsewhere in the same area pass every rule.
        var fine = Volunteer(2) with { Languages = ["norsk", "arabisk"], MunicipalityCode = "3024" };
        var other = fine with { Id = Id(3), Interests = ["strikking"] };

        var exclusions = HardRules.Evaluate(woman, breaker, context);
        Assert.Equal([code], exclusions.Select(e => e.Code));
        Assert.False(string.IsNullOrWhiteSpace(exclusions[0].Reason));
        Assert.Empty(HardRules.Evaluate(woman, fine, context));

        var result = MatchingEngine.Suggest(woman, [other, breaker, fine], context, topN: 10, includeExcluded: true);
        Assert.Equal([fine.Id, other.Id], result.Suggestions.Select(s => s.Volunteer.Id).Order());
        var excluded = Assert.Single(result.Excluded);
        Assert.Equal(breaker.Id, excluded.Volunteer.Id);
        Assert.Equal([code], excluded.Exclusions.Select(e => e.Code));
    }

    [Fact]
    public void Evaluate_ReportsEveryBrokenRule_NotOnlyTheFirst()
    {
        var v = Volunteer(1) with { Status = VolunteerStatus.Left, AssociationId = Neighbour, MaxTravelKm = 0, Position = North(Oslo, 1) };
        Assert.Equal(
            [ExclusionCode.NotApproved, ExclusionCode.OtherAssociation, ExclusionCode.BeyondTravelDistance],
            HardRules.Evaluate(Woman(), v, Context()).Select(e => e.Code));
    }

    [Theory]
    [InlineData(VolunteerStatus.Approved, true)]
    [InlineData(VolunteerStatus.Paused, false)]
    [InlineData(VolunteerStatus.Left, false)]
    [InlineData(VolunteerStatus.Training, false)]
    [InlineData(VolunteerStatus.Rejected, false)]
    public void OnlyApprovedVolunteers_AreAllowed(VolunteerStatus status, bool allowed) =>
        Assert.Equal(allowed, HardRules.IsAllowed(Woman(), Volunteer(1) with { Status = status }, Context()));

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(1, 1, false)]
    [InlineData(2, 1, true)]
    [InlineData(2, 2, false)]
    public void Capacity_OneOrTwo(int capacity, int active, bool allowed) =>
        Assert.Equal(allowed, HardRules.IsAllowed(Woman(), Volunteer(1) with { Capacity = capacity, ActiveMatches = active }, Context()));

    [Theory]
    [InlineData(true, true, true, 0, true)]
    [InlineData(false, true, true, 0, false)]
    [InlineData(true, false, true, 0, false)]
    [InlineData(true, true, false, 0, false)]
    [InlineData(true, true, true, -1, false)]
    public void Requirements_MustHoldAndNotHaveExpired(bool police, bool training, bool declaration, int validUntilOffset, bool allowed)
    {
        var v = Volunteer(1) with
        {
            PoliceCertificateValid = police, MandatoryTrainingDone = training, DeclarationSigned = declaration,
            RequirementsValidUntil = Today.AddDays(validUntilOffset),
        };
        Assert.Equal(allowed, HardRules.IsAllowed(Woman(), v, Context()));
    }

    [Theory]
    [InlineData("2001-11-26", "2026-11-25", false)] // 25th birthday tomorrow
    [InlineData("2001-11-25", "2026-11-25", true)]  // 25th birthday today
    [InlineData("2001-11-24", "2026-11-25", true)]
    [InlineData("2000-02-29", "2025-02-28", false)] // non-leap year: turns 25 on 1 March
    [InlineData("2000-02-29", "2025-03-01", true)]
    [InlineData("2004-02-29", "2029-02-28", false)]
    [InlineData("2004-02-29", "2029-03-01", true)]
    [InlineData("2003-03-01", "2028-02-29", false)] // proposal on a leap day
    [InlineData("2003-02-28", "2028-02-29", true)]
    public void Age_IsTheTwentyFifthBirthdayOnOrBeforeTheProposalDate(string birth, string proposal, bool allowed)
    {
        var v = Volunteer(1) with { BirthDate = DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture) };
        var c = Context() with { ProposalDate = DateOnly.Parse(proposal, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(allowed, HardRules.IsAllowed(Woman(), v, c));
        Assert.Equal(allowed ? 1 : 0, MatchingEngine.Suggest(Woman(), [v], c, 1).AllowedCount);
    }

    [Fact]
    public void Age_LatestBirthDate_AgreesWithAgeOn_AcrossLeapYears()
    {
        for (var d = new DateOnly(2023, 1, 1); d < new DateOnly(2029, 1, 1); d = d.AddDays(1))
        {
            var latest = Age.LatestBirthDateForAge(d, 25);
            Assert.True(Age.On(latest, d) >= 25);
            Assert.True(Age.On(latest.AddDays(1), d) < 25);
        }
    }

    [Fact]
    public void MinimumAge_IsASetting()
    {
        var v = Volunteer(1) with { BirthDate = Today.AddYears(-23) };
        Assert.False(HardRules.IsAllowed(Woman(), v, Context()));
        Assert.True(HardRules.IsAllowed(Woman(), v, Context() with { MinimumAge = 23 }));
    }

    [Theory]
    [InlineData(29.9, 30, true)]
    [InlineData(30.1, 30, false)]
    [InlineData(5, 4.9, false)]
    [InlineData(0, 0, true)]
    public void TravelDistance_IsTheVolunteersOwnMaximum(double km, double max, bool allowed)
    {
        var v = Volunteer(1) with { Position = North(Oslo, km), MaxTravelKm = max };
        Assert.Equal(allowed, HardRules.IsAllowed(Woman(), v, Context()));
        Assert.Equal(allowed ? 1 : 0, MatchingEngine.Suggest(Woman(), [v], Context(), 1).AllowedCount);
    }

    [Fact]
    public void Haversine_OsloToBergen_IsAbout305Km() =>
        Assert.InRange(Geo.DistanceKm(Oslo, new GeoPoint(60.3913, 5.3221)), 300, 310);

    [Fact]
    public void WideningTheSearch_AllowsTheNeighboursVolunteers()
    {
        var v = Volunteer(1) with { AssociationId = Neighbour };
        Assert.False(HardRules.IsAllowed(Woman(), v, Context()));
        Assert.True(HardRules.IsAllowed(Woman(), v, Context(Neighbour)));
    }

    [Fact]
    public void RequiredLanguage_IsComparedTrimmedAndCaseInsensitively_AndOnlyWhenRequired()
    {
        var w = Woman() with { RequiredLanguages = [" ARABISK "] };
        var speaks = Volunteer(1) with { Languages = ["norsk", "arabisk"] };
        var doesNot = Volunteer(2);
        Assert.True(HardRules.IsAllowed(w, doesNot, Context()));
        w = w with { RequiresLanguage = true };
        Assert.True(HardRules.IsAllowed(w, speaks, Context()));
        Assert.False(HardRules.IsAllowed(w, doesNot, Context()));
        Assert.Equal([speaks.Id], MatchingEngine.Suggest(w, [doesNot, speaks], Context(), 5).Suggestions.Select(s => s.Volunteer.Id));
    }

    [Fact]
    public void RequiredLanguages_AnyOneOfHersIsEnough_InTheRulesThePoolAndThePlan()
    {
        // She speaks Arabic and Somali and needs one of them: a volunteer who speaks only her second language is allowed.
        var w = Woman() with { RequiresLanguage = true, Languages = ["norsk", "arabisk", "somali"], RequiredLanguages = ["arabisk", "somali"] };
        var somali = Volunteer(1) with { Languages = ["norsk", "somali"] };
        var arabic = Volunteer(2) with { Languages = ["norsk", "arabisk"] };
        var neither = Volunteer(3) with { Languages = ["norsk", "tigrinja"] };

        Assert.True(HardRules.IsAllowed(w, somali, Context()));
        Assert.True(HardRules.IsAllowed(w, arabic, Context()));
        Assert.Equal([ExclusionCode.Language], HardRules.Evaluate(w, neither, Context()).Select(e => e.Code));
        var result = MatchingEngine.Suggest(w, [somali, arabic, neither], Context(), 5, includeExcluded: true);
        Assert.Equal([somali.Id, arabic.Id], result.Suggestions.Select(s => s.Volunteer.Id).Order());
        Assert.Equal([neither.Id], result.Excluded.Select(e => e.Volunteer.Id));
    }

    [Fact]
    public void RequiredLanguages_OneSharedRequiredLanguageIsNotExtra_ASecondIs()
    {
        var w = Woman() with { RequiresLanguage = true, Languages = ["arabisk", "somali"], RequiredLanguages = ["arabisk", "somali"] };
        var one = Volunteer(1) with { Languages = ["somali"] };
        var both = Volunteer(2) with { Languages = ["somali", "arabisk"] };

        Assert.Equal(0, ExtraFit(SoftScore.Compute(w, one, Context())));
        Assert.Equal(0.5, ExtraFit(SoftScore.Compute(w, both, Context())));

        static double ExtraFit(ScoreBreakdown score) => score.Parts.Single(p => p.Kind == ScorePartKind.ExtraLanguages).Fit;
    }

    [Fact]
    public void Acquaintance_BlocksOnlyThatPair()
    {
        var w = Woman();
        var c = Context() with { DeclaredAcquaintances = new HashSet<PairKey> { new(Id(1), Id(999)), new(Id(2), w.Id) } };
        Assert.True(HardRules.IsAllowed(w, Volunteer(1), c));
        Assert.False(HardRules.IsAllowed(w, Volunteer(2), c));
    }
}
