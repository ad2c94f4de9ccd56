using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Ressursvenn.IntegrationTests.Infrastructure;

/// <summary>The built app run as a real process, the way an operator runs it (start-up checks, admin commands).</summary>
public static class AppCommand
{
    /// <summary>Only a guard against a hung process; a healthy run takes a few seconds (minutes on a machine loaded by parallel builds).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    /// <summary>Runs Ressursvenn.Web.dll (copied next to this test assembly as a project reference) with dotnet.</summary>
    public static async Task<ProcessResult> RunAsync(string[] arguments, Dictionary<string, string> environment)
    {
        var ct = TestContext.Current.CancellationToken;
        var start = StartInfo(arguments, environment.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal));
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

    /// <summary>
    /// How the app is started: Ressursvenn.Web.dll (copied next to this test assembly as a project reference) with
    /// dotnet, in a clean Production environment on a free port, plus <paramref name="environment"/> (a null value removes a variable).
    /// </summary>
    public static ProcessStartInfo StartInfo(string[] arguments, Dictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
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
        start.Environment["Email__PublicBaseUrl"] = "https://ressursvenn.example.invalid";
        // Production without SMTP needs the pickup folder set explicitly (a test may set it empty to see the refusal).
        start.Environment["Email__PickupFolder"] = "mail";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return start;
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

    public sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
    {
        public string Describe(string expectation) =>
            new StringBuilder()
                .AppendLine($"Expected {expectation} from '{Command}'; it exited with {ExitCode}.")
                .AppendLine("stdout:").AppendLine(StandardOutput)
                .AppendLine("stderr:").AppendLine(StandardError)
                .ToString();
    }

    public sealed class TempFolder : IDisposable
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
