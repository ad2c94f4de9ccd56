using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ressursvenn.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Matching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "NotToBeMatchedAgain",
                table: "Volunteers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "NotToBeMatchedAgainReason",
                table: "Volunteers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MatchPlannedMonths",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 12);

            migrationBuilder.AddColumn<int>(
                name: "WeightAvailability",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 20);

            migrationBuilder.AddColumn<int>(
                name: "WeightDistance",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<int>(
                name: "WeightExperience",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.AddColumn<int>(
                name: "WeightExtraLanguages",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.AddColumn<int>(
                name: "WeightFairness",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 10);

            migrationBuilder.AddColumn<int>(
                name: "WeightInterests",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 20);

            migrationBuilder.AddColumn<int>(
                name: "WeightWishes",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 10);

            migrationBuilder.CreateTable(
                name: "Matches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssociationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VolunteerAssociationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VolunteerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProposedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ScoreMilli = table.Column<int>(type: "INTEGER", nullable: false),
                    VolunteerAcceptedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ParticipantAcceptedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ParticipantAnswerRecordedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    StartMeetingOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CrisisCentreAtStartMeeting = table.Column<bool>(type: "INTEGER", nullable: false),
                    PlannedEndOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PausedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeclinedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeclinedBy = table.Column<int>(type: "INTEGER", nullable: true),
                    DeclineReason = table.Column<int>(type: "INTEGER", nullable: true),
                    DeclineNote = table.Column<string>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CloseReason = table.Column<int>(type: "INTEGER", nullable: true),
                    ParticipantSlot = table.Column<int>(type: "INTEGER", nullable: true),
                    VolunteerSlot = table.Column<int>(type: "INTEGER", nullable: true),
                    RequirementsFlaggedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RequirementsFlagDecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RequirementsFlagDecidedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Matches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Matches_Associations_AssociationId",
                        column: x => x.AssociationId,
                        principalTable: "Associations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Matches_Associations_VolunteerAssociationId",
                        column: x => x.VolunteerAssociationId,
                        principalTable: "Associations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Matches_Participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Matches_Volunteers_VolunteerId",
                        column: x => x.VolunteerId,
                        principalTable: "Volunteers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PairBlocks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssociationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VolunteerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PairBlocks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PairBlocks_Participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PairBlocks_Volunteers_VolunteerId",
                        column: x => x.VolunteerId,
                        principalTable: "Volunteers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WideningRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssociationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartnerAssociationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AnsweredByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SummaryData = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WideningRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WideningRequests_Associations_AssociationId",
                        column: x => x.AssociationId,
                        principalTable: "Associations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WideningRequests_Associations_PartnerAssociationId",
                        column: x => x.PartnerAssociationId,
                        principalTable: "Associations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WideningRequests_Participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Matches_AssociationId_Status",
                table: "Matches",
                columns: new[] { "AssociationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Matches_ParticipantId_ParticipantSlot",
                table: "Matches",
                columns: new[] { "ParticipantId", "ParticipantSlot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Matches_VolunteerAssociationId_Status",
                table: "Matches",
                columns: new[] { "VolunteerAssociationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Matches_VolunteerId_VolunteerSlot",
                table: "Matches",
                columns: new[] { "VolunteerId", "VolunteerSlot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PairBlocks_ParticipantId_VolunteerId_Kind",
                table: "PairBlocks",
                columns: new[] { "ParticipantId", "VolunteerId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PairBlocks_VolunteerId",
                table: "PairBlocks",
                column: "VolunteerId");

            migrationBuilder.CreateIndex(
                name: "IX_WideningRequests_AssociationId",
                table: "WideningRequests",
                column: "AssociationId");

            migrationBuilder.CreateIndex(
                name: "IX_WideningRequests_ParticipantId_PartnerAssociationId",
                table: "WideningRequests",
                columns: new[] { "ParticipantId", "PartnerAssociationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WideningRequests_PartnerAssociationId_Status",
                table: "WideningRequests",
                columns: new[] { "PartnerAssociationId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Matches");

            migrationBuilder.DropTable(
                name: "PairBlocks");

            migrationBuilder.DropTable(
                name: "WideningRequests");

            migrationBuilder.DropColumn(
                name: "NotToBeMatchedAgain",
                table: "Volunteers");

            migrationBuilder.DropColumn(
                name: "NotToBeMatchedAgainReason",
                table: "Volunteers");

            migrationBuilder.DropColumn(
                name: "MatchPlannedMonths",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "WeightAvailability",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "WeightDistance",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "WeightExperience",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "WeightExtraLanguages",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "WeightFairness",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "WeightInterests",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "WeightWishes",
                table: "Settings");
        }
    }
}
