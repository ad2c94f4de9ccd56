using System.Globalization;
using System.Text.RegularExpressions;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// The built app run as a real process, the way an operator starts it: a bad database configuration stops it
/// with a plain message and exit code 2 (no stack trace), and the admin commands work on a fresh data folder.
/// </summary>
public sealed class StartupTests
{
    // Needs no server (nothing listens on port 1): the same in both suites, so it runs once, in the PostgreSQL one.
    [Trait("Provider", "Postgres")]
    [Fact]
    public async Task UnreachablePostgres_ExitsWithCode2AndAPlainMessage()
    {
        using var data = new AppCommand.TempFolder();
        var result = await AppCommand.RunAsync([], new()
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Timeout=3",
            ["Database__DataFolder"] = data.Path,
        });

        Assert.True(result.ExitCode == 2, result.Describe("exit code 2"));
        Assert.True(result.StandardError.Contains("Cannot reach the PostgreSQL database", StringComparison.Ordinal), result.Describe("the plain message on stderr"));
        AssertNoStackTrace(result);
    }

    // Touches no database: the same in both suites, so it runs once, in the SQLite one.
    [Trait("Provider", "Sqlite")]
    [Fact]
    public async Task UnknownDatabaseProvider_ExitsWithCode2NamingTheSetting()
    {
        using var data = new AppCommand.TempFolder();
        var result = await AppCommand.RunAsync([], new()
        {
            ["Database__Provider"] = "Oracle",
            ["Database__DataFolder"] = data.Path,
        });

        Assert.True(result.ExitCode == 2, result.Describe("exit code 2"));
        Assert.True(result.StandardError.Contains("Database:Provider", StringComparison.Ordinal), result.Describe("a message naming Database:Provider"));
        AssertNoStackTrace(result);
    }

    [Trait("Provider", "Sqlite")]
    [Fact]
    public async Task MigrateThenSeedDemo_OnAFreshSqliteFolder_PrintsDemoLogins_AndASecondSeedIsRefused()
    {
        using var data = new AppCommand.TempFolder();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = string.Empty,
            ["Database__DataFolder"] = data.Path,
        };

        var migrate = await AppCommand.RunAsync(["migrate"], environment);
        Assert.True(migrate.ExitCode == 0, migrate.Describe("migrate to exit 0"));
        Assert.True(File.Exists(Path.Combine(data.Path, "ressursvenn.db")), migrate.Describe("a database file in the data folder"));

        var seed = await AppCommand.RunAsync(["seed-demo"], environment);
        Assert.True(seed.ExitCode == 0, seed.Describe("seed-demo to exit 0"));
        var logins = seed.StandardOutput.Split('\n').Where(l => l.Contains("@demo.ressursvenn.invalid", StringComparison.Ordinal)).ToList();
        Assert.True(logins.Count >= 5, seed.Describe("a login line per demo account"));
        foreach (var role in new[] { "NationalAdmin", "Coordinator", "CrisisCentreStaff", "Volunteer", "PrivacyOfficer" })
        {
            Assert.Contains(logins, l => l.TrimStart().StartsWith(role + " ", StringComparison.Ordinal));
        }

        // Volunteers in every step (counted from the database after seeding), several approved and free for matching.
        var volunteers = seed.StandardOutput.Split('\n').SingleOrDefault(l => l.Contains("generated volunteers", StringComparison.Ordinal));
        Assert.True(volunteers is not null, seed.Describe("a line counting the generated volunteers"));
        foreach (var status in Enum.GetValues<VolunteerStatus>())
        {
            var count = Regex.Match(volunteers, $@"\b{status} (\d+)\b");
            Assert.True(count.Success && int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) > 0, seed.Describe($"volunteers in the step {status}"));
        }

        Assert.True(int.Parse(Regex.Match(volunteers, @"\bApproved (\d+)\b").Groups[1].Value, CultureInfo.InvariantCulture) >= 6, seed.Describe("several approved volunteers"));

        // Matches in every state (counted from the database after seeding).
        var matches = seed.StandardOutput.Split('\n').SingleOrDefault(l => l.Contains("generated matches", StringComparison.Ordinal));
        Assert.True(matches is not null, seed.Describe("a line counting the generated matches"));
        foreach (var status in Enum.GetValues<MatchStatus>())
        {
            var count = Regex.Match(matches, $@"\b{status} (\d+)\b");
            Assert.True(count.Success && int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) > 0, seed.Describe($"matches in the state {status}"));
        }

        var again = await AppCommand.RunAsync(["seed-demo"], environment);
        Assert.True(again.ExitCode == 1, again.Describe("a second seed-demo to be refused with exit 1"));
        Assert.DoesNotContain("@demo.ressursvenn.invalid", again.StandardOutput, StringComparison.Ordinal);
        AssertNoStackTrace(again);
    }

    private static void AssertNoStackTrace(AppCommand.ProcessResult result) =>
        Assert.False(
            result.StandardError.Contains("   at ", StringComparison.Ordinal) || result.StandardOutput.Contains("   at ", StringComparison.Ordinal),
            result.Describe("no stack trace on stdout or stderr"));
}
