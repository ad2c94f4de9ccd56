using Google.OrTools.Graph;

namespace Ressursvenn.Benchmarks;

/// <summary>The reference optimum from Google OR-Tools, for the same instance.</summary>
internal static class OrTools
{
    /// <summary>Dense square instance, every pair allowed: LinearSumAssignment on cost = MaxScore + 1 − score.</summary>
    public static long LinearSumAssignmentTotal(AssignmentData d)
    {
        var n = d.Women;
        using var lsa = new LinearSumAssignment();
        for (var w = 0; w < n; w++)
        {
            for (var e = d.EdgeStart[w]; e < d.EdgeStart[w + 1]; e++)
            {
                lsa.AddArcWithCost(w, d.EdgeVolunteer[e], AssignmentData.MaxScore + 1 - d.EdgeScore[e]);
            }
        }

        if (lsa.Solve() != LinearSumAssignment.Status.OPTIMAL)
        {
            throw new InvalidOperationException("LinearSumAssignment did not find an optimum.");
        }

        // With every pair allowed and all scores > 0 the best plan is a perfect assignment.
        return ((long)n * (AssignmentData.MaxScore + 1)) - lsa.OptimalCost();
    }

    /// <summary>
    /// Sparse instance with capacities and "unmatched" allowed: MinCostFlow, each woman supplies 1 unit that goes
    /// to a volunteer (cost Big − score) or straight to the sink (cost Big, unmatched); volunteers reach the sink
    /// with their capacity.
    /// </summary>
    public static long MinCostFlowTotal(AssignmentData d)
    {
        const long big = AssignmentData.MaxScore + 1;
        var n = d.Women;
        var m = d.Capacity.Length;
        var sink = n + m;
        using var flow = new MinCostFlow();
        for (var w = 0; w < n; w++)
        {
            for (var e = d.EdgeStart[w]; e < d.EdgeStart[w + 1]; e++)
            {
                flow.AddArcWithCapacityAndUnitCost(w, n + d.EdgeVolunteer[e], 1, big - d.EdgeScore[e]);
            }

            flow.AddArcWithCapacityAndUnitCost(w, sink, 1, big);
            flow.SetNodeSupply(w, 1);
        }

        for (var v = 0; v < m; v++)
        {
            flow.AddArcWithCapacityAndUnitCost(n + v, sink, d.Capacity[v], 0);
        }

        flow.SetNodeSupply(sink, -n);
        if (flow.Solve() != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException("MinCostFlow did not find an optimum.");
        }

        return (n * big) - flow.OptimalCost();
    }
}
