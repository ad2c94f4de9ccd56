namespace Ressursvenn.Matching;

/// <summary>
/// An optimal assignment with its dual certificate. Scores, profits and prices are in the graph's integer units.
/// Optimality proof: every profit and price is ≥ 0; for every edge (w, v, s): profit[w] + price[v] ≥ s; and
/// Σ profit + Σ capacity[v]·price[v] equals <see cref="Total"/> (LP duality: no assignment can do better).
/// </summary>
public sealed record AssignmentResult(int[] VolunteerOfWoman, long Total, long[] WomanProfit, long[] VolunteerPrice);

/// <summary>
/// Maximum-score assignment on a sparse bipartite graph with volunteer capacities and "leave unmatched" allowed:
/// the primal–dual successive-shortest-path method (Hungarian / Jonker–Volgenant family). Each woman in turn
/// (highest best score first; her profit first tightened to her best margin at the current prices)
/// starts a Dijkstra search on reduced costs profit[w] + price[v] − s ≥ 0 over alternating paths, ending at a
/// volunteer with free capacity or at some woman's "unmatched" option (reduced cost profit[w]); the duals are then
/// shifted so that every matched edge stays tight, and the path is flipped. Integer arithmetic throughout, so
/// there are no floating-point ties; ties between equal paths are broken by the heap's (distance, node) order,
/// which makes the result deterministic. Search nodes at or beyond the best end found so far are never queued.
/// </summary>
public static class AssignmentSolver
{
    public static AssignmentResult Solve(AssignmentGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new Run(graph).Solve();
    }

    private sealed class Run
    {
        private readonly AssignmentGraph g;
        private readonly int n, m;
        private readonly long[] profit, price, dist;
        private readonly int[] match, matchScore, slotStart, slotWoman, load;
        private readonly int[] seen, done, predEdge;
        private readonly List<int> scanned = [];
        private readonly MinHeap heap = new();
        private int phase;

        public Run(AssignmentGraph graph)
        {
            g = graph;
            n = graph.WomenCount;
            m = graph.VolunteerCount;
            profit = new long[n];
            price = new long[m];
            dist = new long[n + m];
            match = Enumerable.Repeat(-1, n).ToArray();
            matchScore = new int[n];
            slotStart = new int[m + 1];
            for (var v = 0; v < m; v++)
            {
                slotStart[v + 1] = slotStart[v] + graph.Capacity[v];
            }

            slotWoman = new int[slotStart[m]];
            load = new int[m];
            seen = new int[n + m];
            done = new int[n + m];
            predEdge = new int[m];
            for (var w = 0; w < n; w++)
            {
                for (var e = g.EdgeStart[w]; e < g.EdgeStart[w + 1]; e++)
                {
                    profit[w] = Math.Max(profit[w], g.EdgeScore[e]);
                }
            }
        }

        public AssignmentResult Solve()
        {
            // Women with the highest best score first: under contention the later ones then often find that their
            // best margin at the current prices is 0 and stay unmatched at once. Any order gives the optimum.
            var order = new int[n];
            var key = new long[n];
            for (var w = 0; w < n; w++)
            {
                order[w] = w;
                key[w] = -profit[w];
            }

            Array.Sort(key, order);
            foreach (var w in order)
            {
                Augment(w);
            }

            long total = 0;
            for (var w = 0; w < n; w++)
            {
                total += match[w] >= 0 ? matchScore[w] : 0;
            }

            return new AssignmentResult(match, total, profit, price);
        }

        private void Augment(int w0)
        {
            // Tighten her profit to her best margin at today's prices (still dual feasible, never below 0): the
            // "unmatched" end then sits as close as it can, which keeps the search small once prices have risen.
            long tight = 0;
            for (var e = g.EdgeStart[w0]; e < g.EdgeStart[w0 + 1]; e++)
            {
                tight = Math.Max(tight, g.EdgeScore[e] - price[g.EdgeVolunteer[e]]);
            }

            profit[w0] = tight;
            phase++;
            heap.Clear();
            scanned.Clear();
            var best = long.MaxValue;   // distance of the best end found so far
            var endVolunteer = -1;      // free volunteer ending the best path, or -1 ...
            var endWoman = -1;          // ... the woman whose "unmatched" option ends it
            var endEdge = -1;
            dist[w0] = 0;
            seen[w0] = phase;
            heap.Push(0, w0);
            while (heap.Count > 0 && heap.PeekKey() < best)
            {
                var (d, x) = heap.Pop();
                if (done[x] == phase || d > dist[x])
                {
                    continue;
                }

                done[x] = phase;
                scanned.Add(x);
                if (x < n)
                {
                    if (d + profit[x] < best)
                    {
                        (best, endVolunteer, endWoman) = (d + profit[x], -1, x);
                    }

                    var own = match[x];
                    for (var e = g.EdgeStart[x]; e < g.EdgeStart[x + 1]; e++)
                    {
                        var v = g.EdgeVolunteer[e];
                        var node = n + v;
                        if (v == own || done[node] == phase)
                        {
                            continue;
                        }

                        var nd = d + profit[x] + price[v] - g.EdgeScore[e];
                        if (nd >= best || (seen[node] == phase && nd >= dist[node]))
                        {
                            continue;
                        }

                        if (load[v] < g.Capacity[v])
                        {
                            (best, endVolunteer, endWoman, endEdge) = (nd, v, -1, e);
                            continue;
                        }

                        seen[node] = phase;
                        dist[node] = nd;
                        predEdge[v] = e;
                        heap.Push(nd, node);
                    }
                }
                else
                {
                    var v = x - n;
                    for (var s = slotStart[v]; s < slotStart[v] + load[v]; s++)
                    {
                        var w = slotWoman[s];
                        if (done[w] != phase && (seen[w] != phase || d < dist[w]))
                        {
                            seen[w] = phase;
                            dist[w] = d;
                            heap.Push(d, w);
                        }
                    }
                }
            }

            foreach (var x in scanned)
            {
                if (x < n) { profit[x] -= best - dist[x]; }
                else { price[x - n] += best - dist[x]; }
            }

            Flip(w0, endVolunteer, endWoman, endEdge);
        }

        /// <summary>Flips the alternating path that ends at a free volunteer or at a woman left unmatched.</summary>
        private void Flip(int w0, int endVolunteer, int endWoman, int endEdge)
        {
            int w, v, e;
            if (endVolunteer >= 0)
            {
                (v, e) = (endVolunteer, endEdge);
                w = WomanOfEdge(e);
            }
            else
            {
                if (endWoman == w0)
                {
                    return;
                }

                v = match[endWoman];
                Leave(endWoman);
                e = predEdge[v];
                w = WomanOfEdge(e);
            }

            while (true)
            {
                var previous = match[w];
                if (previous >= 0)
                {
                    Leave(w);
                }

                slotWoman[slotStart[v] + load[v]++] = w;
                match[w] = v;
                matchScore[w] = g.EdgeScore[e];
                if (w == w0)
                {
                    return;
                }

                v = previous;
                e = predEdge[v];
                w = WomanOfEdge(e);
            }
        }

        private void Leave(int w)
        {
            var v = match[w];
            var last = slotStart[v] + --load[v];
            for (var s = slotStart[v]; s <= last; s++)
            {
                if (slotWoman[s] == w)
                {
                    slotWoman[s] = slotWoman[last];
                    break;
                }
            }

            match[w] = -1;
        }

        private int WomanOfEdge(int e)
        {
            // Binary search of the CSR offsets (only on path flips, which are short).
            int lo = 0, hi = n - 1;
            while (lo < hi)
            {
                var mid = (lo + hi + 1) >> 1;
                if (g.EdgeStart[mid] <= e) { lo = mid; } else { hi = mid - 1; }
            }

            return lo;
        }
    }
}
