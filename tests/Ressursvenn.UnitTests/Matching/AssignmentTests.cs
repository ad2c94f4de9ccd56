using Ressursvenn.Matching;

namespace Ressursvenn.UnitTests.Matching;

public sealed class AssignmentTests
{
    [Fact]
    public void SmallRandomGraphs_MatchTheExhaustiveOptimum()
    {
        var random = new Random(2026);
        for (var round = 0; round < 400; round++)
        {
            var graph = RandomGraph(random, random.Next(0, 9), random.Next(0, 9), density: random.NextDouble(), maxScore: round % 2 == 0 ? 5 : 100_000);
            var result = AssignmentSolver.Solve(graph);
            Certificate.AssertValid(graph, result);
            Assert.Equal(Exhaustive.BestTotal(graph), result.Total);
        }
    }

    [Fact]
    public void SmallRandomWaitingLists_PlanTheExhaustiveOptimum_OfTheRulesAndScores()
    {
        var random = new Random(77);
        for (var round = 0; round < 300; round++)
        {
            var (women, volunteers, context) = RandomInstances.Generate(random, random.Next(1, 9), random.Next(1, 9));
            // The graph built independently from the reference rules and scores.
            var builder = new AssignmentGraph.Builder(volunteers.Select(v => Math.Max(0, v.Capacity - v.ActiveMatches)).ToArray());
            foreach (var w in women)
            {
                builder.AddWoman();
                for (var v = 0; v < volunteers.Length; v++)
                {
                    if (HardRules.IsAllowed(w, volunteers[v], context))
                    {
                        builder.AddEdge(v, SoftScore.Compute(w, volunteers[v], context).Milli);
                    }
                }
            }

            var plan = BatchPlanner.Plan(women, volunteers, context);
            Assert.Equal(Exhaustive.BestTotal(builder.Build()), plan.TotalMilli);
            Assert.Equal(plan.Certificate!.Total, plan.TotalMilli);
            Certificate.AssertValid(plan.Graph, plan.Certificate);
            var greedy = BatchPlanner.GreedyPlan(women, volunteers, context);
            Assert.True(greedy.TotalMilli <= plan.TotalMilli);
        }
    }

    [Theory]
    [InlineData(300, 300, 0.05, 100_000)]
    [InlineData(300, 200, 0.10, 20)]
    [InlineData(200, 300, 0.02, 100_000)]
    [InlineData(150, 150, 1.0, 100_000)]
    public void LargerRandomGraphs_CarryAValidDualCertificate(int women, int volunteers, double density, int maxScore)
    {
        var random = new Random(women * 31 + volunteers);
        for (var round = 0; round < 3; round++)
        {
            var graph = RandomGraph(random, women, volunteers, density, maxScore);
            Certificate.AssertValid(graph, AssignmentSolver.Solve(graph));
        }
    }

    [Fact]
    public void Certificate_RejectsASuboptimalAssignment()
    {
        // Woman 0 likes volunteer 0 (10) and 1 (9); woman 1 only volunteer 0 (8). Optimum 17: 0→1, 1→0.
        var b = new AssignmentGraph.Builder([1, 1]);
        b.AddWoman(); b.AddEdge(0, 10); b.AddEdge(1, 9);
        b.AddWoman(); b.AddEdge(0, 8);
        var graph = b.Build();
        var result = AssignmentSolver.Solve(graph);
        Assert.Equal(17, result.Total);
        Assert.Equal([1, 0], result.VolunteerOfWoman);
        var greedyLike = result with { VolunteerOfWoman = [0, -1], Total = 10 };
        Assert.ThrowsAny<Exception>(() => Certificate.AssertValid(graph, greedyLike));
    }

    [Fact]
    public void ZeroScoresAreNoEdges_AndCapacityTwoTakesTwoWomen()
    {
        var b = new AssignmentGraph.Builder([2, 1]);
        b.AddWoman(); b.AddEdge(0, 5); b.AddEdge(1, 0);
        b.AddWoman(); b.AddEdge(0, 4);
        b.AddWoman(); b.AddEdge(1, 0);
        var graph = b.Build();
        Assert.Equal(2, graph.EdgeCount);
        var result = AssignmentSolver.Solve(graph);
        Assert.Equal([0, 0, -1], result.VolunteerOfWoman);
        Assert.Equal(9, result.Total);
    }

    internal static AssignmentGraph RandomGraph(Random r, int women, int volunteers, double density, int maxScore)
    {
        var b = new AssignmentGraph.Builder(Enumerable.Range(0, volunteers).Select(_ => r.Next(1, 3)).ToArray());
        for (var w = 0; w < women; w++)
        {
            b.AddWoman();
            for (var v = 0; v < volunteers; v++)
            {
                if (r.NextDouble() < density)
                {
                    b.AddEdge(v, r.Next(1, maxScore + 1));
                }
            }
        }

        return b.Build();
    }
}

/// <summary>Checks a solver result without trusting the solver: feasibility, then the LP dual certificate.</summary>
internal static class Certificate
{
    public static void AssertValid(AssignmentGraph graph, AssignmentResult result)
    {
        var load = new int[graph.VolunteerCount];
        long total = 0;
        for (var w = 0; w < graph.WomenCount; w++)
        {
            var v = result.VolunteerOfWoman[w];
            Assert.True(result.WomanProfit[w] >= 0, "profit ≥ 0");
            if (v >= 0)
            {
                total += graph.EdgesOf(w).Single(e => e.Volunteer == v).Score;
                load[v]++;
            }

            foreach (var (ev, s) in graph.EdgesOf(w))
            {
                Assert.True(result.WomanProfit[w] + result.VolunteerPrice[ev] >= s, $"reduced cost of ({w},{ev}) is negative");
            }
        }

        long dual = result.WomanProfit.Sum();
        for (var v = 0; v < graph.VolunteerCount; v++)
        {
            Assert.True(load[v] <= graph.Capacities[v], "capacity");
            Assert.True(result.VolunteerPrice[v] >= 0, "price ≥ 0");
            dual += graph.Capacities[v] * result.VolunteerPrice[v];
        }

        Assert.Equal(total, result.Total);
        Assert.Equal(total, dual); // weak duality makes this equality a proof of optimality
    }
}

/// <summary>The optimum by exhaustive search (memoised over the volunteers' remaining capacities).</summary>
internal static class Exhaustive
{
    public static long BestTotal(AssignmentGraph graph)
    {
        var memo = new Dictionary<(int, long), long>();
        var left = graph.Capacities.ToArray();
        return Best(0);

        long Best(int w)
        {
            if (w == graph.WomenCount)
            {
                return 0;
            }

            long key = 0;
            foreach (var c in left) { key = (key * 3) + c; }
            if (memo.TryGetValue((w, key), out var known))
            {
                return known;
            }

            var best = Best(w + 1); // she stays unmatched
            foreach (var (v, s) in graph.EdgesOf(w))
            {
                if (left[v] > 0)
                {
                    left[v]--;
                    best = Math.Max(best, s + Best(w + 1));
                    left[v]++;
                }
            }

            memo[(w, key)] = best;
            return best;
        }
    }
}
