using BenchmarkDotNet.Attributes;
using Ressursvenn.Matching;

namespace Ressursvenn.Benchmarks;

/// <summary>Suggestions for one woman among 10,000 volunteers of her association: filter + score + top 10.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class SuggestBenchmark
{
    private VolunteerProfile[] volunteers = [];
    private VolunteerPool pool = null!;
    private WomanProfile woman = null!;
    private MatchContext context = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = new ProfileData(seed: 1);
        volunteers = data.Volunteers(10_000);
        woman = data.Woman();
        context = data.Context(woman);
        pool = VolunteerPool.Create(volunteers);
        var result = pool.Suggest(woman, context, 10);
        if (result.Suggestions.Count != 10)
        {
            throw new InvalidOperationException($"Only {result.Suggestions.Count} suggestions; the data set is too strict.");
        }

        Console.WriteLine($"// Suggest: {result.AllowedCount} of {volunteers.Length} volunteers allowed; best score {result.Suggestions[0].Score.Total:0.0}");
    }

    /// <summary>The pool precomputed once (kept per association between requests).</summary>
    [Benchmark(Description = "Suggest top 10 of 10,000 (pool kept)")]
    public int SuggestWithPool() => pool.Suggest(woman, context, 10).Suggestions.Count;

    /// <summary>Including building the pool from the profiles (a caller that keeps nothing).</summary>
    [Benchmark(Description = "Suggest top 10 of 10,000 (pool built per call)")]
    public int SuggestBuildingPool() => MatchingEngine.Suggest(woman, volunteers, context, 10).Suggestions.Count;
}
