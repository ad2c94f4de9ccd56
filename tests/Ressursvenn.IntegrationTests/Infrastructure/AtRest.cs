using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ressursvenn.IntegrationTests.Infrastructure;

/// <summary>
/// What the database holds at rest, byte for byte: the SQLite file and its WAL, or a plain <c>pg_dump</c> of the
/// PostgreSQL database (live rows only; dead tuples are not in a dump). Used to search for planted values.
/// </summary>
public static class AtRest
{
    public const string SqliteFileName = "ressursvenn.db";

    public static string SqliteFile(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return Path.Combine(database.DataFolder, SqliteFileName);
    }

    /// <summary>
    /// The database at rest, named: on SQLite the file and WAL after a full checkpoint (the WAL truncated), and with
    /// <paramref name="beforeCheckpointToo"/> also as they were before it; on PostgreSQL one plain-format dump.
    /// (Old page images of erased rows stay in a WAL until it is checkpointed; erasure is judged after one.)
    /// </summary>
    public static async Task<IReadOnlyList<(string Where, byte[] Bytes)>> SnapshotsAsync(TestDatabase database, bool beforeCheckpointToo, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (TestDatabase.IsPostgres)
        {
            return [("pg_dump", await PgDumpAsync(database, ct))];
        }

        var file = SqliteFile(database);
        var snapshots = new List<(string, byte[])>();
        if (beforeCheckpointToo)
        {
            snapshots.Add(("the SQLite file", ReadShared(file)));
            snapshots.Add(("the SQLite WAL", ReadShared(file + "-wal")));
        }

        await CheckpointAsync(file, ct);
        snapshots.Add(("the SQLite file after a checkpoint", ReadShared(file)));
        snapshots.Add(("the SQLite WAL after a checkpoint", ReadShared(file + "-wal")));
        return snapshots;
    }

    /// <summary>Fails when any plaintext (UTF-8 or UTF-16) or any part of a ciphertext is in the bytes.</summary>
    public static void AssertAbsent(byte[] haystack, string where, IEnumerable<string> plaintexts, IEnumerable<string> ciphertexts)
    {
        ArgumentNullException.ThrowIfNull(haystack);
        foreach (var planted in plaintexts)
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                Assert.False(haystack.AsSpan().IndexOf(encoding.GetBytes(planted)) >= 0, $"'{planted}' ({encoding.WebName}) is in {where}.");
            }
        }

        // In pieces: a long value may be split over two SQLite pages, but most of its pieces are whole in one.
        foreach (var ciphertext in ciphertexts)
        {
            foreach (var piece in Pieces(ciphertext))
            {
                Assert.False(haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(piece)) >= 0, $"A piece of a stored ciphertext ({piece}) is in {where}.");
            }
        }
    }

    /// <summary>Whether the whole string is in the bytes (UTF-8), for positive controls.</summary>
    public static bool Contains(byte[] haystack, string value)
    {
        ArgumentNullException.ThrowIfNull(haystack);
        return haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0;
    }

    /// <summary>The ciphertext after its prefix, in 32-character pieces (random base64url: each one unique).</summary>
    private static IEnumerable<string> Pieces(string ciphertext)
    {
        var body = ciphertext[(ciphertext.LastIndexOf('.') + 1)..];
        for (var i = 0; i + 32 <= body.Length; i += 32)
        {
            yield return body.Substring(i, 32);
        }
    }

    public static byte[] ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Moves everything from the WAL into the file and truncates the WAL; fails when a reader blocked it.</summary>
    public static async Task CheckpointAsync(string file, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.True(reader.GetInt32(0) == 0, "The WAL checkpoint was blocked by another connection.");
    }

    /// <summary>A plain-format pg_dump of the database, with the tools test.sh points at (RESSURSVENN_PG_BIN) or those on PATH.</summary>
    public static async Task<byte[]> PgDumpAsync(TestDatabase database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        var cs = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var folder = Environment.GetEnvironmentVariable("RESSURSVENN_PG_BIN");
        var start = new ProcessStartInfo(string.IsNullOrWhiteSpace(folder) ? "pg_dump" : Path.Combine(folder, "pg_dump"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--format=plain", "--no-owner", cs.Database! })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = cs.Host;
        start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = cs.Username;
        if (!string.IsNullOrEmpty(cs.Password))
        {
            start.Environment["PGPASSWORD"] = cs.Password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_dump did not start.");
        using var output = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.BaseStream.CopyToAsync(output, ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"pg_dump failed: {await error}");
        return output.ToArray();
    }
}
