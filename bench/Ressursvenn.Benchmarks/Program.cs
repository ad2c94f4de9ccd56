using System.Diagnostics;
using BenchmarkDotNet.Running;
using Ressursvenn.Benchmarks;

// dotnet run -c Release -- --filter '*' --job short   (see ../run.sh)
// dotnet run -c Release -- --quick                     one timed solve of each instance, optima checked
if (args is ["--quick"])
{
    Quick.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

internal static class Quick
{
    public static void Run()
    {
        foreach (var (name, bench) in (IEnumerable<(string, AssignmentBenchmarkBase)>)[
            ("dense 1000", new DenseAssignmentBenchmark { N = 1000 }),
            ("dense 2000", new DenseAssignmentBenchmark { N = 2000 }),
            ("sparse 10000", new SparseAssignmentBenchmark { Volunteers = 10_000 }),
            ("sparse 5000", new SparseAssignmentBenchmark { Volunteers = 5_000 })])
        {
            if (bench is DenseAssignmentBenchmark d) { d.Setup(); } else { ((SparseAssignmentBenchmark)bench).Setup(); }
            var ours = Time(() => bench.Ours());
            var reference = Time(() => bench.OrToolsReference());
            Console.WriteLine($"{name,-14} ours {ours,8:0.0} ms   OR-Tools {reference,8:0.0} ms   ratio {ours / reference:0.00}");
        }
    }

    private static double Time(Func<long> run)
    {
        run();
        var sw = Stopwatch.StartNew();
        run();
        return sw.Elapsed.TotalMilliseconds;
    }
}
