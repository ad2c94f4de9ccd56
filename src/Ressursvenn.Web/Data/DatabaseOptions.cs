namespace Ressursvenn.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (embedded default) or Postgres.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Full connection string. For SQLite, empty means "ressursvenn.db in the data folder".</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the SQLite file, the mail pickup folder and local keys; relative to the content root.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>
    /// Apply pending migrations at start. Migrations and every other start-up write run under one database lock
    /// (<see cref="Infrastructure.DatabaseLocks"/>), so several instances may start at once.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>How long a starting instance waits for another one's start-up (migrations, reference data) before it gives up.</summary>
    public int StartupLockWaitSeconds { get; set; } = 600;

    /// <summary>Folder with pg_dump / pg_restore for backup on PostgreSQL; empty means "on PATH".</summary>
    public string? PostgresBinFolder { get; set; }
}
