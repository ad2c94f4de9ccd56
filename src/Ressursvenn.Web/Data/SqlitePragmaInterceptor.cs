using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ressursvenn.Web.Data;

/// <summary>
/// Every SQLite connection runs in WAL mode with synchronous=FULL (an acknowledged write survives a crash,
/// SR20), enforces foreign keys, waits for a busy writer instead of failing at once, and overwrites deleted
/// content (secure_delete), so an erased record leaves nothing behind in free pages (docs/domain.md §8).
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA secure_delete=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
