namespace Ressursvenn.Matching;

/// <summary>
/// The sparse bipartite graph of allowed pairs: women 0..W-1, volunteers 0..V-1 with capacities, and for each
/// woman her edges (volunteer, integer score &gt; 0). Edges are stored compressed (CSR). Built with
/// <see cref="Builder"/>; women must be added in order.
/// </summary>
public sealed class AssignmentGraph
{
    private AssignmentGraph(int[] capacity, int[] edgeStart, int[] edgeVolunteer, int[] edgeScore)
    {
        Capacity = capacity;
        EdgeStart = edgeStart;
        EdgeVolunteer = edgeVolunteer;
        EdgeScore = edgeScore;
    }

    public int WomenCount => EdgeStart.Length - 1;
    public int VolunteerCount => Capacity.Length;
    public int EdgeCount => EdgeVolunteer.Length;
    public IReadOnlyList<int> Capacities => Capacity;

    internal int[] Capacity { get; }
    internal int[] EdgeStart { get; }
    internal int[] EdgeVolunteer { get; }
    internal int[] EdgeScore { get; }

    /// <summary>The edges of woman <paramref name="w"/> as (volunteer, score).</summary>
    public IEnumerable<(int Volunteer, int Score)> EdgesOf(int w)
    {
        for (var e = EdgeStart[w]; e < EdgeStart[w + 1]; e++)
        {
            yield return (EdgeVolunteer[e], EdgeScore[e]);
        }
    }

    public sealed class Builder
    {
        private readonly int[] capacity;
        private readonly List<int> start = [];
        private readonly List<int> volunteer = [];
        private readonly List<int> score = [];
        private readonly int[] lastWomanOf;

        public Builder(IReadOnlyList<int> capacities)
        {
            ArgumentNullException.ThrowIfNull(capacities);
            capacity = [.. capacities];
            if (capacity.Any(c => c < 0))
            {
                throw new ArgumentOutOfRangeException(nameof(capacities), "Capacities must be ≥ 0.");
            }

            lastWomanOf = Enumerable.Repeat(-1, capacity.Length).ToArray();
        }

        /// <summary>Starts the next woman; returns her index.</summary>
        public int AddWoman()
        {
            start.Add(volunteer.Count);
            return start.Count - 1;
        }

        /// <summary>Adds an allowed pair for the current woman. Scores ≤ 0 are dropped: such a pair is never worth more than leaving both unmatched.</summary>
        public void AddEdge(int volunteerIndex, int scoreValue)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(volunteerIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(volunteerIndex, capacity.Length);
            if (scoreValue <= 0)
            {
                return;
            }

            var woman = start.Count - 1;
            if (woman < 0)
            {
                throw new InvalidOperationException("Call AddWoman before adding her edges.");
            }

            if (lastWomanOf[volunteerIndex] == woman)
            {
                throw new ArgumentException("The same pair was added twice.", nameof(volunteerIndex));
            }

            lastWomanOf[volunteerIndex] = woman;
            volunteer.Add(volunteerIndex);
            score.Add(scoreValue);
        }

        public AssignmentGraph Build() => new(capacity, [.. start, volunteer.Count], [.. volunteer], [.. score]);
    }
}
