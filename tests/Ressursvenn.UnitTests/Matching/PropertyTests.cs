using Ressursvenn.Matching;

namespace Ressursvenn.UnitTests.Matching;

/// <summary>On thousands of random instances, nothing unsafe is ever suggested or planned.</summary>
public sealed class PropertyTests
{
    [Fact]
    public void Suggestions_NeverBreakAHardRule_AndEveryExclusionIsExplained()
    {
        var random = new Random(4242);
        var codesSeen = new HashSet<ExclusionCode>();
        var suggested = 0;
        for (var round = 0; round < 2000; round++)
        {
            var (women, volunteers, context) = RandomInstances.Generate(random, 1, random.Next(1, 40));
            var woman = women[0];
            var result = VolunteerPool.Create(volunteers).Suggest(woman, context, random.Next(0, 12), includeExcluded: true);
            Assert.All(result.Suggestions, s => Assert.Empty(HardRules.Evaluate(woman, s.Volunteer, context)));
            Assert.All(result.Excluded, x => Assert.Equal(HardRules.Evaluate(woman, x.Volunteer, context), x.Exclusions));
            Assert.All(result.Excluded, x => Assert.NotEmpty(x.Exclusions));
            Assert.Equal(volunteers.Length, result.AllowedCount + result.Excluded.Count);
            Assert.Equal(volunteers.Count(v => HardRules.IsAllowed(woman, v, context)), result.AllowedCount);
            Assert.Equal(result.Suggestions.Count, result.Suggestions.Select(s => s.Volunteer.Id).Distinct().Count());
            codesSeen.UnionWith(result.Excluded.SelectMany(x => x.Exclusions).Select(e => e.Code));
            suggested += result.Suggestions.Count;
        }

        // The instances are not vacuous: every rule excluded someone, and many pairs were allowed.
        Assert.Equal(Enum.GetValues<ExclusionCode>().ToHashSet(), codesSeen);
        Assert.True(suggested > 2000, $"only {suggested} suggestions");
    }

    [Fact]
    public void Plans_NeverBreakAHardRule_NorCapacity_AndGiveEachWomanAtMostOne()
    {
        var random = new Random(99);
        for (var round = 0; round < 2000; round++)
        {
            var (women, volunteers, context) = RandomInstances.Generate(random, random.Next(1, 10), random.Next(1, 25));
            foreach (var plan in (BatchPlan[])[BatchPlanner.Plan(women, volunteers, context), BatchPlanner.GreedyPlan(women, volunteers, context)])
            {
                var womanById = women.ToDictionary(w => w.Id);
                var volunteerById = volunteers.ToDictionary(v => v.Id);
                Assert.Equal(plan.Pairs.Count, plan.Pairs.Select(p => p.WomanId).Distinct().Count());
                Assert.Equal(women.Length, plan.Pairs.Count + plan.Unmatched.Count);
                foreach (var pair in plan.Pairs)
                {
                    Assert.Empty(HardRules.Evaluate(womanById[pair.WomanId], volunteerById[pair.VolunteerId], context));
                    Assert.True(pair.ScoreMilli > 0);
                }

                foreach (var group in plan.Pairs.GroupBy(p => p.VolunteerId))
                {
                    var v = volunteerById[group.Key];
                    Assert.True(v.ActiveMatches + group.Count() <= v.Capacity, "capacity");
                }

                Assert.Equal(plan.Pairs.Sum(p => (long)p.ScoreMilli), plan.TotalMilli);
            }
        }
    }
}
