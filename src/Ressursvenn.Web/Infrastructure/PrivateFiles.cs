using Microsoft.Extensions.Options;
using Ressursvenn.Web.Data;

namespace Ressursvenn.Web.Infrastructure;

/// <summary>
/// Folders and files only the app's own user may read: the data folder, the key folder, the mail
/// pickup folder and backups are made 0700, their files 0600, so another local account on the server cannot read the
/// database, the keys or the addresses in e-mails. On Windows the modes do not exist; folders there inherit the ACL of
/// where they are made, which the operator sets.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the folder and any missing parents owner-only; an existing folder keeps its mode (see <see cref="LooserThanPrivate"/>).</summary>
    public static DirectoryInfo CreateFolder(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows() || Directory.Exists(full))
        {
            return Directory.CreateDirectory(full);
        }

        if (Path.GetDirectoryName(full) is { } parent && !Directory.Exists(parent))
        {
            CreateFolder(parent);
        }

        return Directory.CreateDirectory(full, FolderMode);
    }

    /// <summary>
    /// Makes a SQLite database and its -wal and -shm files owner-only. SQLite creates the -wal and -shm files with the
    /// database file's mode, so once the database is 0600 they are too.
    /// </summary>
    public static void RestrictSqlite(string databaseFile)
    {
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
        {
            Restrict(databaseFile + suffix);
        }
    }

    /// <summary>Creates a new file readable and writable by the owner only (0600 from the first byte).</summary>
    public static FileStream CreateFile(string path, FileMode mode = System.IO.FileMode.CreateNew)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return new FileStream(path, options);
    }

    /// <summary>Makes an existing file owner-only (e.g. one written by a library: the SQLite -wal and -shm files).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    /// <summary>Makes an existing folder owner-only.</summary>
    public static void RestrictFolder(string path)
    {
        if (!OperatingSystem.IsWindows() && Directory.Exists(path))
        {
            File.SetUnixFileMode(path, FolderMode);
        }
    }

    /// <summary>
    /// The folder and the files and folders under it that group or others may use, as paths relative to it
    /// (no personal data: the app names its files itself). Empty on Windows and for a missing folder.
    /// </summary>
    public static IReadOnlyList<string> LooserThanPrivate(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return [];
        }

        var loose = new List<string>();
        if ((File.GetUnixFileMode(folder) & GroupAndOthers) != 0)
        {
            loose.Add(".");
        }

        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            if (entry.LinkTarget is null && (entry.UnixFileMode & GroupAndOthers) != 0)
            {
                loose.Add(Path.GetRelativePath(folder, entry.FullName));
            }
        }

        return loose;
    }

    /// <summary>
    /// Logs a warning at start when the data folder, the key folder or the mail folder (or anything in them) is open
    /// to other local users. It names the folder's setting and the paths the app gave the files, never their content.
    /// </summary>
    public static void WarnIfLoose(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PrivateFiles));
        var data = Path.GetFullPath(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.DataFolder);
        var folders = new List<(string Setting, string Path)>
        {
            ("Database:DataFolder", data),
            ("Keys:Folder", Path.GetFullPath(services.GetRequiredService<IOptions<Security.KeyStorageOptions>>().Value.Folder, data)),
            ("Email:PickupFolder", services.GetRequiredService<Email.MailPickupFolder>().Folder),
        };
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            // The app's own database: owner-only whatever SQLite created it with.
            RestrictSqlite(Path.Combine(data, "ressursvenn.db"));
        }

        var checkedFolders = new List<string>();
        foreach (var (setting, folder) in folders)
        {
            // A folder inside one already checked was checked with it.
            if (checkedFolders.Any(c => folder == c || folder.StartsWith(c + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                continue;
            }

            checkedFolders.Add(folder);
            if (LooserThanPrivate(folder) is { Count: > 0 } loose)
            {
                logger.LogWarning(
                    "{Setting} ({Folder}) can be read by other local users: {Count} entries are not owner-only, e.g. {Examples}. Make the folders 0700 and the files 0600 (chmod -R go-rwx).",
                    setting, folder, loose.Count, string.Join(", ", loose.Take(5)));
            }
        }
    }
}
