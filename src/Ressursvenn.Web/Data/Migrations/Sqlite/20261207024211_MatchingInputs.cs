using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ressursvenn.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MatchingInputs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LanguagesOffered",
                table: "Settings",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "nb,en,ar,so,ti,fa,prs,ur,pl,lt,uk,ru,es,fr,tr,ku,th,tl,vi,sw,am,ps");

            migrationBuilder.AddColumn<string>(
                name: "ParticipantGenders",
                table: "Settings",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "female");

            migrationBuilder.AddColumn<int>(
                name: "VolunteerMaxCapacity",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 2);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LanguagesOffered",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "ParticipantGenders",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "VolunteerMaxCapacity",
                table: "Settings");
        }
    }
}
