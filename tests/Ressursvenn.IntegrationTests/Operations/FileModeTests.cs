using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure.Backup;
using Ressursvenn.Web.Infrastructure.Email;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// The data folder and everything the app writes in it — the SQLite database with its -wal and -shm, the key folder and
/// its keys, the mail pickup folder and its messages — and the backups it writes are the app's user's alone:
/// folders 0700, files 0600; a start finding them looser logs a warning. Unix only: Windows has no file modes (the
/// folders there inherit the ACL of where the operator puts them), so on Windows these tests pass without checking.
/// </summary>
public sealed class FileModeTests
{
    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    // The process runs on the default provider, SQLite, in either suite.
    [Trait("Provider", "Sqlite")]
    [Fact]
    public async Task Migrate_OnAFolderThatDoesNotExist_CreatesItAndEverythingInItOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new AppCommand.TempFolder();
        var data = Path.Combine(temp.Path, "srv", "data");
        var result = await AppCommand.RunAsync(["migrate"], new() { ["Database__DataFolder"] = data });

        Assert.True(result.ExitCode == 0, result.Describe("exit code 0"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(data)!));
        Assert.True(File.Exists(Path.Combine(data, "ressursvenn.db")));
        Assert.True(File.Exists(Path.Combine(data, "keys", "audit.key")));
        AssertOwnerOnly(data);
    }

    [Fact]
    public async Task AfterStartAndWrites_TheDatabaseKeysMailAndBackups_AreOwnerOnly_AndALooserFileIsWarnedAboutAtStart()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Filrettigheter");
        await app.CreateUserAsync(Roles.Coordinator, [association]);
        await app.Services.GetRequiredService<PickupFolderEmailSender>().SendAsync(new EmailMessage("noen@test.invalid", "Et varsel", "Tekst", "<p>Tekst</p>"), ct);
        var data = app.Database.DataFolder;
        // WAL mode: the write-ahead log and its index exist while a connection is open. Another test's clean-up may
        // close every pooled connection of the process (ClearAllPools), so this test holds one of its own meanwhile.
        await using var open = TestDatabase.IsPostgres ? null : new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(data, "ressursvenn.db")};Pooling=False");
        if (open is not null)
        {
            await open.OpenAsync(ct);
            await using (var read = open.CreateCommand())
            {
                read.CommandText = "SELECT count(*) FROM \"AuditEntries\"";
                await read.ExecuteScalarAsync(ct);
            }

            Assert.True(File.Exists(Path.Combine(data, "ressursvenn.db-wal")));
            Assert.True(File.Exists(Path.Combine(data, "ressursvenn.db-shm")));
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "mail"), "*.eml"));
        AssertOwnerOnly(data);

        using var backups = new AppCommand.TempFolder();
        var backup = Path.Combine(backups.Path, "nattlig", "2026-11-25");
        await app.Services.GetRequiredService<BackupService>().BackupAsync(backup, ct);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(backup)!));
        AssertOwnerOnly(backup);
        Assert.DoesNotContain(app.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("other local users", StringComparison.Ordinal));

        // Someone loosens a key file: the next start says so, naming the folder's setting and the file, not its content.
        File.SetUnixFileMode(Path.Combine(data, "keys", "audit.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var second = await TestApp.CreateAsync(database: app.Database);
        var warning = second.Logs.Lines.First(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("other local users", StringComparison.Ordinal));
        Assert.Contains("Database:DataFolder", warning, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("keys", "audit.key"), warning, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(Path.Combine(data, "keys", "audit.key")).Trim(), warning, StringComparison.Ordinal);
    }

    /// <summary>The folder and every folder and file under it: no permission for group or others.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertOwnerOnly(string folder)
    {
        var loose = new List<string>();
        if ((File.GetUnixFileMode(folder) & GroupAndOthers) != 0)
        {
            loose.Add(".");
        }

        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if ((entry.UnixFileMode & GroupAndOthers) != 0)
            {
                loose.Add($"{Path.GetRelativePath(folder, entry.FullName)} {entry.UnixFileMode}");
            }
        }

        Assert.True(loose.Count == 0, "Not owner-only: " + string.Join(", ", loose));
    }
}
