using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ressursvenn.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Gatherings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Gatherings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssociationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: true),
                    TrainingModuleId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Gatherings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Gatherings_Associations_AssociationId",
                        column: x => x.AssociationId,
                        principalTable: "Associations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Gatherings_TrainingModules_TrainingModuleId",
                        column: x => x.TrainingModuleId,
                        principalTable: "TrainingModules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "RenewalReminders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    VolunteerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssociationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Stage = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RenewalReminders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RenewalReminders_Volunteers_VolunteerId",
                        column: x => x.VolunteerId,
                        principalTable: "Volunteers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GatheringAttendances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatheringId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssociationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VolunteerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByUserId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatheringAttendances", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GatheringAttendances_Gatherings_GatheringId",
                        column: x => x.GatheringId,
                        principalTable: "Gatherings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_GatheringAttendances_Volunteers_VolunteerId",
                        column: x => x.VolunteerId,
                        principalTable: "Volunteers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GatheringAttendances_GatheringId_VolunteerId",
                table: "GatheringAttendances",
                columns: new[] { "GatheringId", "VolunteerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GatheringAttendances_VolunteerId",
                table: "GatheringAttendances",
                column: "VolunteerId");

            migrationBuilder.CreateIndex(
                name: "IX_Gatherings_AssociationId_StartsAt",
                table: "Gatherings",
                columns: new[] { "AssociationId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Gatherings_TrainingModuleId",
                table: "Gatherings",
                column: "TrainingModuleId");

            migrationBuilder.CreateIndex(
                name: "IX_RenewalReminders_VolunteerId_Kind_DueOn_Stage",
                table: "RenewalReminders",
                columns: new[] { "VolunteerId", "Kind", "DueOn", "Stage" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GatheringAttendances");

            migrationBuilder.DropTable(
                name: "RenewalReminders");

            migrationBuilder.DropTable(
                name: "Gatherings");
        }
    }
}
