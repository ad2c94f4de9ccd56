namespace Ressursvenn.Matching;

public sealed record PlannedPair(Guid WomanId, Guid VolunteerId, int ScoreMilli);

/// <summary>
/// A plan for a waiting list: the pairs, the total score (thousandths of a point), the women left unmatched, and
/// the graph behind it (women and volunteers in input order) and, for the optimal plan, the solver's result with
/// its dual certificate (null for the greedy plan).
/// </summary>
public sealed record BatchPlan(IReadOnlyList<PlannedPair> Pairs, long TotalMilli, IReadOnlyList<Guid> Unmatched,
    AssignmentGraph Graph, int[] VolunteerOfWoman, AssignmentResult? Certificate);

/// <summary>
/// Plans for a whole waiting list. Only pairs that pass every hard rule and score above 0 (in thousandths of a
/// point) are edges; a pair scoring exactly 0 adds nothing over leaving both unmatched, so it is never planned.
/// Each volunteer can take as many women as her free capacity (capacity − active matches).
/// </summary>
public static class BatchPlanner
{
    /// <summary>The exact optimum (maximum total score), via <see cref="AssignmentSolver"/>.</summary>
    public static BatchPlan Plan(IReadOnlyList<WomanProfile> women,
        IReadOnlyList<VolunteerProfile> volunteers, MatchContext context)
    {
        var pool = VolunteerPool.Create(volunteers);
        var graph = BuildGraph(women, pool, context);
        var result = AssignmentSolver.Solve(graph);
        return ToPlan(women, pool, graph, result.VolunteerOfWoman, result);
    }

    /// <summary>
    /// One at a time, as a coordinator would pick by hand: the longest-waiting woman first (ties by id) takes her
    /// best remaining volunteer (highest score, ties by volunteer id). For comparison with <see cref="Plan"/>.
    /// </summary>
    public static BatchPlan GreedyPlan(IReadOnlyList<WomanProfile> women, IReadOnlyList<VolunteerProfile> volunteers,
        MatchContext context)
    {
        var pool = VolunteerPool.Create(volunteers);
        var graph = BuildGraph(women, pool, context);
        var order = Enumerable.Range(0, women.Count)
            .OrderBy(w => women[w].WaitingSince).ThenBy(w => women[w].Id).ToArray();
        var left = graph.Capacity.ToArray();
        var chosen = Enumerable.Repeat(-1, women.Count).ToArray();
        foreach (var w in order)
        {
            int bestV = -1, bestS = 0;
            foreach (var (v, s) in graph.EdgesOf(w))
            {
                if (left[v] > 0 && (s > bestS || (s == bestS && bestV >= 0 && pool.Volunteers[v].Id.CompareTo(pool.Volunteers[bestV].Id) < 0)))
                {
                    (bestV, bestS) = (v, s);
                }
            }

            if (bestV >= 0)
            {
                chosen[w] = bestV;
                left[bestV]--;
            }
        }

        return ToPlan(women, pool, graph, chosen, null);
    }

    private static AssignmentGraph BuildGraph(IReadOnlyList<WomanProfile> women, VolunteerPool pool, MatchContext context)
    {
        ArgumentNullException.ThrowIfNull(women);
        var builder = new AssignmentGraph.Builder(pool.Volunteers.Select(v => Math.Max(0, v.Capacity - v.ActiveMatches)).ToArray());
        foreach (var woman in women)
        {
            builder.AddWoman();
            pool.ForEachAllowed(woman, context, builder.AddEdge);
        }

        return builder.Build();
    }

    private static BatchPlan ToPlan(IReadOnlyList<WomanProfile> women, VolunteerPool pool, AssignmentGraph graph, int[] chosen,
        AssignmentResult? certificate)
    {
        var pairs = new List<PlannedPair>();
        var unmatched = new List<Guid>();
        long total = 0;
        for (var w = 0; w < women.Count; w++)
        {
            if (chosen[w] < 0)
            {
                unmatched.Add(women[w].Id);
                continue;
            }

            var score = graph.EdgesOf(w).First(e => e.Volunteer == chosen[w]).Score;
            pairs.Add(new PlannedPair(women[w].Id, pool.Volunteers[chosen[w]].Id, score));
            total += score;
        }

        return new BatchPlan(pairs, total, unmatched, graph, chosen, certificate);
    }
}
