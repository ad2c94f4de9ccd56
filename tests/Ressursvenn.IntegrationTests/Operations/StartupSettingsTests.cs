using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ressursvenn.IntegrationTests.Infrastructure;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// Start-up settings, with the built app run as a real process: outside Development it refuses to start without
/// Email:PublicBaseUrl (exit code 2, a plain message), and it listens where the standard ASPNETCORE_URLS or
/// ASPNETCORE_HTTP_PORTS say, as containers and hosting panels set them.
/// Every start here is on SQLite in a fresh data folder, whatever the suite: the class runs in the SQLite suite only.
/// </summary>
[Trait("Provider", "Sqlite")]
public sealed class StartupSettingsTests
{
    /// <summary>Only a guard against a hung start; a healthy start (migrations on an empty SQLite file) takes a few seconds.</summary>
    private static readonly TimeSpan StartGuard = TimeSpan.FromSeconds(180);

    [Theory]
    [InlineData("")]
    [InlineData("ressursvenn.example.no")]
    [InlineData("ftp://ressursvenn.example.no")]
    [InlineData("https://ressursvenn.example.no/?next=x")]
    public async Task OutsideDevelopment_WithoutAValidPublicBaseUrl_ExitsWithCode2NamingTheSetting(string value)
    {
        using var data = new AppCommand.TempFolder();
        var result = await AppCommand.RunAsync([], new()
        {
            ["Database__Provider"] = "Sqlite",
            ["Database__DataFolder"] = data.Path,
            ["Email__PublicBaseUrl"] = value,
        });

        Assert.True(result.ExitCode == 2, result.Describe("exit code 2"));
        Assert.True(result.StandardError.Contains("Email:PublicBaseUrl", StringComparison.Ordinal), result.Describe("a message naming Email:PublicBaseUrl"));
        Assert.False(result.StandardError.Contains("   at ", StringComparison.Ordinal), result.Describe("no stack trace"));
    }

    [Fact]
    public async Task AnAdminCommandThatMakesALink_IsRefusedToo_WithoutAPublicBaseUrl()
    {
        using var data = new AppCommand.TempFolder();
        var result = await AppCommand.RunAsync(["create-admin", "--email", "forste@test.invalid", "--name", "Første Admin"], new()
        {
            ["Database__Provider"] = "Sqlite",
            ["Database__DataFolder"] = data.Path,
            ["Email__PublicBaseUrl"] = string.Empty,
        });

        Assert.True(result.ExitCode == 2, result.Describe("exit code 2"));
        Assert.True(result.StandardError.Contains("Email:PublicBaseUrl", StringComparison.Ordinal), result.Describe("a message naming Email:PublicBaseUrl"));
        Assert.DoesNotContain("token=", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AspNetCoreUrls_IsHonoured()
    {
        var port = FreePort();
        await AssertServesHealthOnAsync(port, new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}", ["Urls"] = null });
    }

    [Fact]
    public async Task AspNetCoreHttpPorts_IsHonoured()
    {
        var port = FreePort();
        await AssertServesHealthOnAsync(port, new() { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["ASPNETCORE_URLS"] = null, ["Urls"] = null });
    }

    /// <summary>Starts the app with these variables, waits until /health answers on the port, then stops it.</summary>
    private static async Task AssertServesHealthOnAsync(int port, Dictionary<string, string?> environment)
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new AppCommand.TempFolder();
        environment["Database__Provider"] = "Sqlite";
        environment["Database__DataFolder"] = data.Path;
        var start = AppCommand.StartInfo([], environment);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        HttpStatusCode? status = null;
        try
        {
            while (status is null && !process.HasExited && stopwatch.Elapsed < StartGuard)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"), ct);
                    status = response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        Assert.True(status == HttpStatusCode.OK, $"No /health answer on port {port} ({status}).\nstdout:\n{await output}\nstderr:\n{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
