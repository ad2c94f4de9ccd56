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

    /// <summary>Apply pending migrations at start (EF Core takes a migration lock, so several instances are safe).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Folder with pg_dump / pg_restore for backup on PostgreSQL; empty means "on PATH".</summary>
    public string? PostgresBinFolder { get; set; }
}
