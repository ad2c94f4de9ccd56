using BenchmarkDotNet.Attributes;
using Ressursvenn.Matching;

namespace Ressursvenn.Benchmarks;

/// <summary>
/// Batch plan vs OR-Tools on the same instance, both timed from the instance's edge lists to the optimum (graph
/// building included on both sides). The setup solves once with each and refuses to run if the optima differ.
/// </summary>
public abstract class AssignmentBenchmarkBase
{
    private protected AssignmentData Data { get; set; } = null!;

    private protected abstract long Reference();

    private protected void Verify(string name)
    {
        var ours = AssignmentSolver.Solve(Data.ToGraph()).Total;
        var reference = Reference();
        if (ours != reference)
        {
            throw new InvalidOperationException($"{name}: optimum {ours} differs from OR-Tools' {reference}.");
        }

        Console.WriteLine($"// {name}: same optimal total {ours} as OR-Tools ({Data.EdgeVolunteer.Length} edges).");
    }

    [Benchmark(Description = "Ressursvenn AssignmentSolver")]
    public long Ours() => AssignmentSolver.Solve(Data.ToGraph()).Total;

    [Benchmark(Baseline = true, Description = "OR-Tools")]
    public long OrToolsReference() => Reference();
}

[MedianColumn]
public class DenseAssignmentBenchmark : AssignmentBenchmarkBase
{
    [Params(1000, 2000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Data = AssignmentData.Dense(N, seed: N);
        Verify($"dense {N}x{N}");
    }

    private protected override long Reference() => OrTools.LinearSumAssignmentTotal(Data);
}

[MedianColumn]
public class SparseAssignmentBenchmark : AssignmentBenchmarkBase
{
    /// <summary>10,000 volunteers (about 15,000 places for 10,000 women), or 5,000 (about 7,500 places: contention).</summary>
    [Params(10_000, 5_000)]
    public int Volunteers { get; set; } = 10_000;

    [GlobalSetup]
    public void Setup()
    {
        Data = AssignmentData.Sparse(10_000, Volunteers, maxDegree: 200, seed: 10);
        Verify($"sparse 10000x{Volunteers}, <= 200 per woman, capacities 1-2");
    }

    private protected override long Reference() => OrTools.MinCostFlowTotal(Data);
}
