using Ressursvenn.Matching;
using static Ressursvenn.UnitTests.Matching.MatchingData;

namespace Ressursvenn.UnitTests.Matching;

public sealed class BatchPlannerTests
{
    // Two women, two volunteers. Anna fits only volunteer 1 (her language); Berit fits both, volunteer 1 a little better.
    private static readonly WomanProfile Anna = Woman(1001) with
    {
        RequiresLanguage = true, RequiredLanguages = ["arabisk"], WaitingSince = new DateOnly(2026, 8, 1),
    };

    private static readonly WomanProfile Berit = Woman(1002) with { WaitingSince = new DateOnly(2026, 2, 1) };

    private static readonly VolunteerProfile SpeaksArabic = Volunteer(1) with { Languages = ["norsk", "arabisk"] };
    private static readonly VolunteerProfile Other = Volunteer(2) with { Position = North(Oslo, 10) };

    [Fact]
    public void Greedy_LetsTheLongestWaitingPickFirst_AndCanStrandAnother()
    {
        var greedy = BatchPlanner.GreedyPlan([Anna, Berit], [SpeaksArabic, Other], Context());
        var pair = Assert.Single(greedy.Pairs);
        Assert.Equal((Berit.Id, SpeaksArabic.Id), (pair.WomanId, pair.VolunteerId));
        Assert.Equal([Anna.Id], greedy.Unmatched);
    }

    [Fact]
    public void Plan_FindsTheBetterWholeListAssignment()
    {
        var plan = BatchPlanner.Plan([Anna, Berit], [SpeaksArabic, Other], Context());
        Assert.Equal(
            [(Anna.Id, SpeaksArabic.Id), (Berit.Id, Other.Id)],
            plan.Pairs.Select(p => (p.WomanId, p.VolunteerId)).Order());
        Assert.Empty(plan.Unmatched);
        Assert.True(plan.TotalMilli > BatchPlanner.GreedyPlan([Anna, Berit], [SpeaksArabic, Other], Context()).TotalMilli);
        Certificate.AssertValid(plan.Graph, plan.Certificate!);
    }

    [Fact]
    public void Plan_UsesOnlyTheFreeCapacity()
    {
        var twoPlaces = SpeaksArabic with { Capacity = 2, ActiveMatches = 1 };
        var women = new[] { Woman(1), Woman(2), Woman(3) };
        var plan = BatchPlanner.Plan(women, [twoPlaces], Context());
        Assert.Single(plan.Pairs);
        Assert.Equal(2, plan.Unmatched.Count);
        plan = BatchPlanner.Plan(women, [twoPlaces with { ActiveMatches = 0 }], Context());
        Assert.Equal(2, plan.Pairs.Count);
    }
}
