using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ressursvenn.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The append-only triggers with the retention purge's controlled delete path (ADR 0013).
            AuditTrailSql.UpPostgres(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            AuditTrailSql.DownPostgres(migrationBuilder);
        }
    }
}
