using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Ressursvenn.Web.Data;

namespace Ressursvenn.Web.Infrastructure;

/// <summary>
/// The locks that app instances and admin commands take on the one database they share (README: operations):
/// <list type="bullet">
/// <item>the <b>start-up lock</b>, exclusive, held across everything that writes before an instance serves
/// (migrations, the encryption of legacy values, blind indexes, reference data, the training catalogue), so a second
/// instance started at the same moment waits and then finds nothing left to do;</item>
/// <item>the <b>running marker</b>, shared, held by every serving instance for as long as it runs, so <c>restore</c>
/// (which takes it exclusively) can tell that an instance still uses the database.</item>
/// </list>
/// PostgreSQL: session-level advisory locks, each on a dedicated unpooled connection (closing it releases the lock,
/// also when the process dies). SQLite: <c>flock</c> locks on files beside the database file (.NET takes them for
/// <see cref="FileShare.None"/> / read-only shared opens; the kernel drops them when the process dies).
/// </summary>
public sealed partial class DatabaseLocks(IOptions<DatabaseOptions> options, ILogger<DatabaseLocks> logger)
{
    /// <summary>Advisory-lock id of the start-up lock (next to <see cref="Data.AuditInterceptor.ChainLockId"/> and the retention run's lock).</summary>
    public const long StartupLockId = 7_464_201_713;

    /// <summary>Advisory-lock id of the running marker.</summary>
    public const long RunningLockId = 7_464_201_714;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private DatabaseOptions Options => options.Value;

    /// <summary>
    /// Waits for the start-up lock (at most <see cref="DatabaseOptions.StartupLockWaitSeconds"/>). On PostgreSQL with
    /// <paramref name="createDatabase"/>, a database that does not exist yet is created first (as EF Core's migrate does).
    /// </summary>
    public async Task<IAsyncDisposable> AcquireStartupLockAsync(bool createDatabase, CancellationToken ct = default)
    {
        var wait = TimeSpan.FromSeconds(Math.Max(1, Options.StartupLockWaitSeconds));
        IAsyncDisposable? held;
        try
        {
            held = await AcquireAsync(StartupLockId, "startup-lock", shared: false, wait, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName && createDatabase)
        {
            // Only now, so an installation whose user may not connect to the "postgres" database never needs to.
            await PostgresDatabase.EnsureExistsAsync(Options.ConnectionString!, ct);
            held = await AcquireAsync(StartupLockId, "startup-lock", shared: false, wait, ct);
        }

        return held
            ?? throw new StartupException(
                $"Another instance (or an admin command) has held the start-up lock for {wait.TotalSeconds:0} s: it may still be migrating. " +
                "Start this one again when it has finished, or raise Database:StartupLockWaitSeconds.");
    }

    /// <summary>The shared marker of a serving instance; waits while a restore holds it exclusively.</summary>
    public async Task<IAsyncDisposable> HoldRunningMarkerAsync(CancellationToken ct = default) =>
        (await AcquireAsync(RunningLockId, "running", shared: true, Timeout.InfiniteTimeSpan, ct))!;

    /// <summary>
    /// For <c>restore</c>: the running marker and the start-up lock, both exclusive and without waiting, so no instance
    /// runs or starts while it works. Null when an instance holds either (it runs, or is starting).
    /// </summary>
    public async Task<IAsyncDisposable?> TryExcludeInstancesAsync(CancellationToken ct = default)
    {
        var running = await AcquireAsync(RunningLockId, "running", shared: false, TimeSpan.Zero, ct);
        if (running is null)
        {
            return null;
        }

        var startup = await AcquireAsync(StartupLockId, "startup-lock", shared: false, TimeSpan.Zero, ct);
        if (startup is null)
        {
            await running.DisposeAsync();
            return null;
        }

        return new Both(startup, running);
    }

    /// <summary>Tries until <paramref name="wait"/> has passed (zero: once; infinite: until cancelled); null when not acquired.</summary>
    private async Task<IAsyncDisposable?> AcquireAsync(long lockId, string fileSuffix, bool shared, TimeSpan wait, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        var told = false;
        while (true)
        {
            var held = Options.Provider == DatabaseProvider.Postgres
                ? await TryPostgresAsync(lockId, shared, ct)
                : TrySqlite(fileSuffix, shared);
            if (held is not null)
            {
                return held;
            }

            if (wait != Timeout.InfiniteTimeSpan && TimeProvider.System.GetElapsedTime(started) >= wait)
            {
                return null;
            }

            if (!told && wait != TimeSpan.Zero)
            {
                told = true;
                Log.Waiting(logger, fileSuffix);
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private async Task<IAsyncDisposable?> TryPostgresAsync(long lockId, bool shared, CancellationToken ct)
    {
        // Unpooled: the lock belongs to this session, and closing the connection ends the session (and the lock).
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Options.ConnectionString) { Pooling = false, Enlist = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = shared ? "SELECT pg_try_advisory_lock_shared(@id)" : "SELECT pg_try_advisory_lock(@id)";
            command.Parameters.AddWithValue("id", lockId);
            if (await command.ExecuteScalarAsync(ct) is true)
            {
                return new PostgresLock(connection, lockId, shared);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private FileLock? TrySqlite(string suffix, bool shared)
    {
        var path = new SqliteConnectionStringBuilder(DataServiceCollectionExtensions.SqliteConnectionString(Options)).DataSource + "." + suffix;
        if (!File.Exists(path))
        {
            var create = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            new FileStream(path, create).Dispose();
        }

        try
        {
            // .NET locks the file with flock: LOCK_EX for FileShare.None, LOCK_SH for a read-only open that shares.
            return new FileLock(shared
                ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)
                : new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed class PostgresLock(NpgsqlConnection connection, long lockId, bool shared) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = shared ? "SELECT pg_advisory_unlock_shared(@id)" : "SELECT pg_advisory_unlock(@id)";
                command.Parameters.AddWithValue("id", lockId);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The session is gone, and its lock with it.
            }
            catch (InvalidOperationException)
            {
                // The connection is broken, so is the session that held the lock.
            }

            await connection.DisposeAsync();
        }
    }

    private sealed class FileLock(FileStream stream) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }

    private sealed class Both(IAsyncDisposable first, IAsyncDisposable second) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the database lock '{Lock}': another instance or admin command holds it")]
        public static partial void Waiting(ILogger logger, string @lock);
    }
}

/// <summary>Creates a PostgreSQL database that does not exist yet (the app's own, from its connection string).</summary>
public static class PostgresDatabase
{
    /// <summary>
    /// Connects to the database; only when the server answers that it does not exist, creates it through the
    /// "postgres" maintenance database (as EF Core's migrate does). Returns true when it created it.
    /// </summary>
    public static async Task<bool> EnsureExistsAsync(string connectionString, CancellationToken ct = default)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Enlist = false };
        var name = target.Database;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        try
        {
            await using var probe = new NpgsqlConnection(target.ConnectionString);
            await probe.OpenAsync(ct);
            return false;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Missing: create it below.
        }

        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false, Enlist = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // No "postgres" database to ask from: leave it to the connection itself to say what is wrong.
            return false;
        }

        await using (var exists = connection.CreateCommand())
        {
            exists.CommandText = "SELECT 1 FROM pg_database WHERE datname = @name";
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync(ct) is not null)
            {
                return false;
            }
        }

        try
        {
            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await create.ExecuteNonQueryAsync(ct);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created it at the same moment.
            return false;
        }
    }
}
