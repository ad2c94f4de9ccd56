using Microsoft.EntityFrameworkCore.Migrations;

namespace Ressursvenn.Web.Data;

/// <summary>
/// The append-only triggers of the audit trail with their one controlled exception, the retention purge (ADR 0013),
/// called from the AuditRetention migration of each provider. A delete is let through only when BOTH hold:
/// <list type="bullet">
/// <item>the purge path is open in the deleting transaction for sequences up to a boundary (PostgreSQL: the
/// transaction-local setting <see cref="PostgresPurgeSetting"/>; SQLite: a row in <c>AuditPurgePermits</c>, which the
/// purge inserts and removes in one transaction), and</item>
/// <item>the entry is older than five years by the database's own clock — a floor written into the trigger, not read
/// from any table or setting the app could change.</item>
/// </list>
/// An UPDATE (and on PostgreSQL a TRUNCATE) is refused as before. So someone holding only the app's database
/// credentials can at most remove entries the retention would remove anyway; the newest entries stay protected by
/// the trigger and, beyond it, by the checkpoints outside the database.
/// </summary>
public static class AuditTrailSql
{
    /// <summary>The PostgreSQL setting (transaction-local) naming the last sequence a purge may delete.</summary>
    public const string PostgresPurgeSetting = "ressursvenn.audit_purge_through";

    public static void UpSqlite(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("CREATE TABLE \"AuditPurgePermits\" (\"Through\" INTEGER NOT NULL);");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_delete;");
        // EF stores a DateTime as 'yyyy-MM-dd HH:mm:ss.FFFFFFF' text, which compares in time order with datetime()'s form.
        migrationBuilder.Sql("""
            CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON "AuditEntries"
            WHEN NOT (OLD."Sequence" <= coalesce((SELECT max("Through") FROM "AuditPurgePermits"), 0)
                      AND OLD."At" < datetime('now', '-5 years'))
            BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only'); END;
            """);
    }

    public static void DownSqlite(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_delete;");
        migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON \"AuditEntries\" BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only'); END;");
        migrationBuilder.Sql("DROP TABLE IF EXISTS \"AuditPurgePermits\";");
    }

    public static void UpPostgres(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        // The same function serves the row trigger (UPDATE, DELETE) and the statement trigger (TRUNCATE).
        migrationBuilder.Sql($$"""
            CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE'
                   AND OLD."Sequence" <= coalesce(nullif(current_setting('{{PostgresPurgeSetting}}', true), '')::bigint, 0)
                   AND OLD."At" < now() - interval '5 years' THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION 'The audit trail is append-only';
            END $$;
            """);
    }

    public static void DownPostgres(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'The audit trail is append-only'; END $$;");
    }
}
