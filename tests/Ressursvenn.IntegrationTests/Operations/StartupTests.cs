using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// The built app run as a real process, the way an operator starts it: a bad database configuration stops it
/// with a plain message and exit code 2 (no stack trace), and the admin commands work on a fresh data folder.
/// </summary>
public sealed class StartupTests
{
    /// <summary>Only a guard against a hung process; a healthy run takes a few seconds.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task UnreachablePostgres_ExitsWithCode2AndAPlainMessage()
    {
        using var data = new TempFolder();
        var result = await RunAppAsync([], new()
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Timeout=3",
            ["Database__DataFolder"] = data.Path,
        });

        Assert.True(result.ExitCode == 2, result.Describe("exit code 2"));
        Assert.True(result.StandardError.Contains("Cannot reach the PostgreSQL database", StringComparison.Ordinal), result.Describe("the plain message on stderr"));
        AssertNoStackTrace(result);
    }

    [Fact]
    public async Task UnknownDatabaseProvider_ExitsWithCode2NamingTheSetting()
    {
        using var data = new TempFolder();
        var result = await RunAppAsync([], new()
        {
            ["Database__Provider"] = "Oracle",
            ["Database__DataFolder"] = data.Path,
        });

        Assert.True(result.ExitCode == 2, result.Describe("exit code 2"));
        Assert.True(result.StandardError.Contains("Database:Provider", StringComparison.Ordinal), result.Describe("a message naming Database:Provider"));
        AssertNoStackTrace(result);
    }

    [Fact]
    public async Task MigrateThenSeedDemo_OnAFreshSqliteFolder_PrintsDemoLogins_AndASecondSeedIsRefused()
    {
        using var data = new TempFolder();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = string.Empty,
            ["Database__DataFolder"] = data.Path,
        };

        var migrate = await RunAppAsync(["migrate"], environment);
        Assert.True(migrate.ExitCode == 0, migrate.Describe("migrate to exit 0"));
        Assert.True(File.Exists(Path.Combine(data.Path, "ressursvenn.db")), migrate.Describe("a database file in the data folder"));

        var seed = await RunAppAsync(["seed-demo"], environment);
        Assert.True(seed.ExitCode == 0, seed.Describe("seed-demo to exit 0"));
        var logins = seed.StandardOutput.Split('\n').Where(l => l.Contains("@demo.ressursvenn.invalid", StringComparison.Ordinal)).ToList();
        Assert.True(logins.Count >= 5, seed.Describe("a login line per demo account"));
        foreach (var role in new[] { "NationalAdmin", "Coordinator", "CrisisCentreStaff", "Volunteer", "PrivacyOfficer" })
        {
            Assert.Contains(logins, l => l.TrimStart().StartsWith(role + " ", StringComparison.Ordinal));
        }

        var again = await RunAppAsync(["seed-demo"], environment);
        Assert.True(again.ExitCode == 1, again.Describe("a second seed-demo to be refused with exit 1"));
        Assert.DoesNotContain("@demo.ressursvenn.invalid", again.StandardOutput, StringComparison.Ordinal);
        AssertNoStackTrace(again);
    }

    private static void AssertNoStackTrace(ProcessResult result) =>
        Assert.False(
            result.StandardError.Contains("   at ", StringComparison.Ordinal) || result.StandardOutput.Contains("   at ", StringComparison.Ordinal),
            result.Describe("no stack trace on stdout or stderr"));

    /// <summary>Runs Ressursvenn.Web.dll (copied next to this test assembly as a project reference) with dotnet.</summary>
    private static async Task<ProcessResult> RunAppAsync(string[] arguments, Dictionary<string, string> environment)
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = AppContext.BaseDirectory;
        var dll = Path.Combine(folder, "Ressursvenn.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A clean environment for the app: production defaults, no port the machine might already use.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) || k.StartsWith("Database__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(HangGuard);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"'{string.Join(' ', arguments)}' did not exit within {HangGuard.TotalSeconds:0} s and was killed.\nstdout:\n{await output}\nstderr:\n{await error}");
        }

        return new ProcessResult(string.Join(' ', arguments), process.ExitCode, await output, await error);
    }

    /// <summary>The dotnet host running these tests (so the app runs on the same runtime), else dotnet on PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    private sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
    {
        public string Describe(string expectation) =>
            new StringBuilder()
                .AppendLine($"Expected {expectation} from '{Command}'; it exited with {ExitCode}.")
                .AppendLine("stdout:").AppendLine(StandardOutput)
                .AppendLine("stderr:").AppendLine(StandardError)
                .ToString();
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("rv-startup-").FullName;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }
}
