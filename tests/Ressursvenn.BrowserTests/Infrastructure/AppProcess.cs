using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Ressursvenn.BrowserTests.Infrastructure;

/// <summary>
/// The real app, started as its own process from the built Ressursvenn.Web.dll on a free loopback port, with a
/// fresh data folder (SQLite database, mail pickup folder, keys). It is ready when it prints the one-time setup
/// link, which every fresh instance does.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    /// <summary>
    /// How long the app may take to migrate, load reference data and print the setup link: 30 s, or the seconds in
    /// RESSURSVENN_BROWSER_START_SECONDS on a slow or busy machine.
    /// </summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("RESSURSVENN_BROWSER_START_SECONDS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 30);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<string> setupLink = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process, Uri baseUrl, string dataFolder)
    {
        this.process = process;
        BaseUrl = baseUrl;
        DataFolder = dataFolder;
    }

    /// <summary>http://127.0.0.1:PORT/ (Chromium treats loopback as a secure context, so __Host- cookies work).</summary>
    public Uri BaseUrl { get; }

    public string DataFolder { get; }

    public string MailFolder => Path.Combine(DataFolder, "mail");

    /// <summary>The one-time first-admin link the app printed at start.</summary>
    public string SetupLink => setupLink.Task.IsCompletedSuccessfully ? setupLink.Task.Result : throw new InvalidOperationException("The app has not printed a setup link.");

    /// <summary>Everything the app wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public string Url(string pathAndQuery) => new Uri(BaseUrl, pathAndQuery).ToString();

    /// <summary>Starts the app with the test settings plus <paramref name="settings"/> (configuration keys with "__").</summary>
    public static async Task<AppProcess> StartAsync(string quickExitUrl, IReadOnlyDictionary<string, string>? settings = null)
    {
        var (webOutput, contentRoot) = LocateApp();
        var dll = Path.Combine(webOutput, "Ressursvenn.Web.dll");
        var dataFolder = Directory.CreateTempSubdirectory("rv-browser-").FullName;
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");

        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = webOutput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        // Command-line settings win over appsettings.json ("Urls": "http://localhost:5000" there).
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(baseUrl.ToString().TrimEnd('/'));
        // A plain build has no wwwroot in the output folder (static web assets are mapped only in Development):
        // serve the project's own wwwroot.
        psi.ArgumentList.Add("--contentRoot");
        psi.ArgumentList.Add(contentRoot);
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }

        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        psi.Environment["Database__Provider"] = "Sqlite";
        psi.Environment["Database__DataFolder"] = dataFolder;
        psi.Environment["Database__ConnectionString"] = string.Empty;
        psi.Environment["QuickExit__Url"] = quickExitUrl;
        psi.Environment["Email__Smtp__Host"] = string.Empty;
        // Required outside Development: links in e-mails (and the setup link) point to this test's own address.
        psi.Environment["Email__PublicBaseUrl"] = baseUrl.ToString().TrimEnd('/');
        psi.Environment["Email__PickupFolder"] = "mail";
        // Every test logs in from 127.0.0.1: the per-client limit on login posts would otherwise end the suite.
        psi.Environment["RateLimits__AuthPermitPerMinute"] = "1000";
        psi.Environment["RateLimits__PublicFormPermitPerMinute"] = "1000";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var app = new AppProcess(process, baseUrl, dataFolder);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.Exited += (_, _) => app.setupLink.TrySetException(new InvalidOperationException($"The app exited with code {SafeExitCode(process)} before it was ready."));
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start 'dotnet'.");
        }

        // Should the test run itself be stopped (timeout, Ctrl+C), the app must not be left running.
        AppDomain.CurrentDomain.ProcessExit += app.KillOnExit;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.setupLink.Task.WaitAsync(StartTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            var text = app.Output;
            await app.DisposeAsync();
            throw new InvalidOperationException($"The app at {baseUrl} did not print its setup link within {StartTimeout.TotalSeconds:0} s ({ex.Message}). Its output:\n{text}", ex);
        }

        return app;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (SetupLinkPattern().Match(line) is { Success: true } match)
        {
            setupLink.TrySetResult(match.Value);
        }
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not stopping: nothing more a test run can do.
        }

        process.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file still held open; the temp folder is cleaned by the system.
        }
    }

    /// <summary>
    /// The web project's build output (same configuration and framework as this test assembly) and its project
    /// folder, found from the folder holding Ressursvenn.slnx above the test assembly.
    /// </summary>
    private static (string Output, string ContentRoot) LocateApp()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent?.Name ?? "Debug";
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Ressursvenn.slnx")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No Ressursvenn.slnx above {testOutput.FullName}.");
        }

        var project = Path.Combine(root.FullName, "src", "Ressursvenn.Web");
        var webOutput = Path.Combine(project, "bin", configuration, framework);
        if (!File.Exists(Path.Combine(webOutput, "Ressursvenn.Web.dll")))
        {
            throw new InvalidOperationException($"The app is not built: {webOutput}/Ressursvenn.Web.dll is missing. Build tests/Ressursvenn.BrowserTests ({configuration}) first.");
        }

        return (webOutput, project);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    [GeneratedRegex(@"https?://\S+/oppsett\?token=\S+")]
    private static partial Regex SetupLinkPattern();
}
