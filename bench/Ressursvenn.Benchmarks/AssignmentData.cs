using Ressursvenn.Matching;

namespace Ressursvenn.Benchmarks;

/// <summary>A random assignment instance as flat edge lists (woman, volunteer, score), shared by both solvers.</summary>
internal sealed class AssignmentData
{
    public const int MaxScore = 100_000; // scores 0–100 in thousandths, as BatchPlanner uses them

    public required int Women { get; init; }
    public required int[] Capacity { get; init; }
    public required int[] EdgeStart { get; init; }
    public required int[] EdgeVolunteer { get; init; }
    public required int[] EdgeScore { get; init; }

    public static AssignmentData Dense(int n, int seed)
    {
        var r = new Random(seed);
        var start = new int[n + 1];
        var volunteer = new int[n * n];
        var score = new int[n * n];
        for (var w = 0; w < n; w++)
        {
            start[w + 1] = (w + 1) * n;
            for (var v = 0; v < n; v++)
            {
                volunteer[(w * n) + v] = v;
                score[(w * n) + v] = r.Next(1, MaxScore + 1);
            }
        }

        return new() { Women = n, Capacity = Enumerable.Repeat(1, n).ToArray(), EdgeStart = start, EdgeVolunteer = volunteer, EdgeScore = score };
    }

    /// <summary>Each woman has 1..maxDegree allowed volunteers (distinct); capacities 1–2.</summary>
    public static AssignmentData Sparse(int women, int volunteers, int maxDegree, int seed)
    {
        var r = new Random(seed);
        var start = new int[women + 1];
        var volunteer = new List<int>();
        var score = new List<int>();
        var mark = new int[volunteers];
        for (var w = 0; w < women; w++)
        {
            var degree = r.Next(1, maxDegree + 1);
            while (volunteer.Count - start[w] < degree)
            {
                var v = r.Next(volunteers);
                if (mark[v] == w + 1) { continue; }
                mark[v] = w + 1;
                volunteer.Add(v);
                score.Add(r.Next(1, MaxScore + 1));
            }

            start[w + 1] = volunteer.Count;
        }

        return new()
        {
            Women = women, Capacity = Enumerable.Range(0, volunteers).Select(_ => r.Next(1, 3)).ToArray(),
            EdgeStart = start, EdgeVolunteer = [.. volunteer], EdgeScore = [.. score],
        };
    }

    public AssignmentGraph ToGraph()
    {
        var b = new AssignmentGraph.Builder(Capacity);
        for (var w = 0; w < Women; w++)
        {
            b.AddWoman();
            for (var e = EdgeStart[w]; e < EdgeStart[w + 1]; e++)
            {
                b.AddEdge(EdgeVolunteer[e], EdgeScore[e]);
            }
        }

        return b.Build();
    }
}
