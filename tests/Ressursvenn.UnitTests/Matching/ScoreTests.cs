using Ressursvenn.Matching;
using static Ressursvenn.UnitTests.Matching.MatchingData;

namespace Ressursvenn.UnitTests.Matching;

public sealed class ScoreTests
{
    [Fact]
    public void Parts_AddUpToTheTotal_AndTheTotalIsBetween0And100()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var (women, volunteers, context) = RandomInstances.Generate(random, 1, 1);
            var score = SoftScore.Compute(women[0], volunteers[0], context);
            Assert.Equal(7, score.Parts.Count);
            Assert.Equal(score.Total, score.Parts.Sum(p => p.Points), 9);
            Assert.InRange(score.Total, 0, 100 + 1e-9);
            Assert.All(score.Parts, p => Assert.InRange(p.Fit, 0, 1));
        }
    }

    [Fact]
    public void PerfectFitOnEveryPart_Scores100()
    {
        var w = Woman() with { Interests = ["tur"], Languages = ["norsk", "arabisk", "engelsk"], WishedMinAge = 40, WishedMaxAge = 50 };
        var v = Volunteer(1) with
        {
            Languages = ["norsk", "arabisk", "engelsk"],
            Availability = WeeklyAvailability.All,
            ExperienceMatches = 5,
            WaitingSince = Today.AddMonths(-7),
            BirthDate = Today.AddYears(-45),
        };
        var score = SoftScore.Compute(w, v, Context());
        Assert.Equal(100, score.Total, 9);
        Assert.Equal(100_000, score.Milli);
    }

    [Fact]
    public void Parts_ExplainWhatWasMeasured()
    {
        var v = Volunteer(1) with { Position = North(Oslo, 12), WaitingSince = Today.AddMonths(-4), Interests = ["tur", "strikking", "sjakk"] };
        var parts = SoftScore.Compute(Woman(), v, Context()).Parts.ToDictionary(p => p.Kind);
        Assert.Equal("12 km", parts[ScorePartKind.Distance].RawValue);
        Assert.Equal(0.6, parts[ScorePartKind.Distance].Fit, 6);
        Assert.Equal("2 shared interests", parts[ScorePartKind.Interests].RawValue);
        Assert.Equal(0.5, parts[ScorePartKind.Interests].Fit, 9); // {tur, strikking} of {tur, matlaging, strikking, sjakk}
        Assert.Equal("1 of 2 times free", parts[ScorePartKind.Availability].RawValue);
        Assert.Equal("waited 4 months", parts[ScorePartKind.Fairness].RawValue);
        Assert.Equal(4.0 / 6, parts[ScorePartKind.Fairness].Fit, 9);
    }

    [Fact]
    public void Weights_ChangeTheRanking()
    {
        var near = Volunteer(1) with { Position = North(Oslo, 1), Interests = [] };
        var sharesInterests = Volunteer(2) with { Position = North(Oslo, 25), Interests = ["tur", "matlaging", "strikking"] };
        var byDistance = Context() with { Weights = new ScoreWeights(10, 1, 0, 0, 0, 0, 0) };
        var byInterests = Context() with { Weights = new ScoreWeights(1, 10, 0, 0, 0, 0, 0) };
        Assert.Equal(near.Id, MatchingEngine.Suggest(Woman(), [sharesInterests, near], byDistance, 1).Suggestions[0].Volunteer.Id);
        Assert.Equal(sharesInterests.Id, MatchingEngine.Suggest(Woman(), [near, sharesInterests], byInterests, 1).Suggestions[0].Volunteer.Id);
    }

    [Fact]
    public void ScoreWeights_AreNonNegative_AndNotAllZero()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoreWeights(-1, 1, 1, 1, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoreWeights(double.NaN, 1, 1, 1, 1, 1, 1));
        Assert.Throws<ArgumentException>(() => new ScoreWeights(0, 0, 0, 0, 0, 0, 0));
    }

    [Fact]
    public void WaitedLonger_RanksHigher_WhenAllElseIsEqual()
    {
        var a = Volunteer(1) with { WaitingSince = Today.AddMonths(-1) };
        var b = Volunteer(2) with { WaitingSince = Today.AddMonths(-5) };
        Assert.Equal([b.Id, a.Id], MatchingEngine.Suggest(Woman(), [a, b], Context(), 2).Suggestions.Select(s => s.Volunteer.Id));
    }

    [Fact]
    public void AgeWish_FitsInsideTheRange_AndDecaysOutside()
    {
        var w = Woman() with { WishedMinAge = 30, WishedMaxAge = 40 };
        double Fit(int age) => SoftScore.Compute(w, Volunteer(1) with { BirthDate = Today.AddYears(-age) }, Context())
            .Parts.Single(p => p.Kind == ScorePartKind.Wishes).Fit;
        Assert.Equal(1, Fit(30));
        Assert.Equal(1, Fit(40));
        Assert.Equal(0.5, Fit(45), 9);
        Assert.Equal(0, Fit(60));
        Assert.Equal(0.8, Fit(28), 9);
    }

    [Fact]
    public void WishedLanguages_ScoreAVolunteerWhoSpeaksOneOfThem()
    {
        var w = Woman() with { WishedLanguages = ["somali", "tigrinja"] };
        var speaks = Volunteer(1) with { Languages = ["norsk", "tigrinja"] };
        var doesNot = Volunteer(2) with { Languages = ["norsk"] };

        Assert.Equal(1, WishFit(w, speaks));
        Assert.Equal(0, WishFit(w, doesNot));
        Assert.Equal([speaks.Id, doesNot.Id], MatchingEngine.Suggest(w, [doesNot, speaks], Context(), 2).Suggestions.Select(s => s.Volunteer.Id));
    }

    [Fact]
    public void SomeoneOutsideHerCommunity_ScoresAVolunteerWhoSpeaksNoneOfHerCommunityLanguages()
    {
        var w = Woman() with { Languages = ["norsk", "arabisk"], CommunityLanguages = ["arabisk"], WishesOutsideCommunity = true };
        var outside = Volunteer(1) with { Languages = ["norsk"] };
        var inside = Volunteer(2) with { Languages = ["norsk", "arabisk"] };

        Assert.Equal(1, WishFit(w, outside));
        Assert.Equal(0, WishFit(w, inside));
        Assert.Equal(outside.Id, MatchingEngine.Suggest(w, [inside, outside], Context(), 2).Suggestions[0].Volunteer.Id);
        // Without the wish, sharing her language is no penalty.
        Assert.Equal(1, WishFit(w with { WishesOutsideCommunity = false }, inside));
    }

    private static double WishFit(WomanProfile w, VolunteerProfile v) =>
        SoftScore.Compute(w, v, Context()).Parts.Single(p => p.Kind == ScorePartKind.Wishes).Fit;

    [Fact]
    public void Suggestions_AreDeterministic_TiesBrokenByIdAscending()
    {
        var twins = Enumerable.Range(1, 30).Select(Volunteer).Reverse().ToArray();
        var first = MatchingEngine.Suggest(Woman(), twins, Context(), 10).Suggestions.Select(s => s.Volunteer.Id).ToArray();
        Assert.Equal(Enumerable.Range(1, 10).Select(Id), first);
        var shuffled = twins.OrderBy(v => v.Id.GetHashCode()).ToArray();
        Assert.Equal(first, MatchingEngine.Suggest(Woman(), shuffled, Context(), 10).Suggestions.Select(s => s.Volunteer.Id));
    }

    [Fact]
    public void Suggest_ReturnsTheTopN_InTheSameOrderAsAFullSort()
    {
        var random = new Random(11);
        for (var round = 0; round < 50; round++)
        {
            var (women, volunteers, context) = RandomInstances.Generate(random, 1, 200);
            var pool = VolunteerPool.Create(volunteers);
            var result = pool.Suggest(women[0], context, 10);
            var expected = volunteers.Where(v => HardRules.IsAllowed(women[0], v, context))
                .Select(v => (v.Id, Milli: SoftScore.Compute(women[0], v, context).Milli))
                .OrderByDescending(x => x.Milli).ThenBy(x => x.Id).Take(10).ToArray();
            Assert.Equal(expected.Select(x => x.Id), result.Suggestions.Select(s => s.Volunteer.Id));
            Assert.Equal(expected.Select(x => x.Milli), result.Suggestions.Select(s => s.Score.Milli));
        }
    }
}
