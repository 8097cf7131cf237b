using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PacsViewer.Core.Archive.Local.Index.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArchiveStudies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StudyInstanceUid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PatientName = table.Column<string>(type: "TEXT", nullable: true),
                    PatientNameKey = table.Column<string>(type: "TEXT", nullable: true),
                    PatientId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PatientBirthDate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    PatientSex = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    StudyDate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    StudyTime = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    StudyDescription = table.Column<string>(type: "TEXT", nullable: true),
                    StudyDescriptionKey = table.Column<string>(type: "TEXT", nullable: true),
                    AccessionNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    StudyId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ReferringPhysicianName = table.Column<string>(type: "TEXT", nullable: true),
                    ModalitiesInStudy = table.Column<string>(type: "TEXT", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArchiveStudies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ArchiveSeries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StudyId = table.Column<long>(type: "INTEGER", nullable: false),
                    SeriesInstanceUid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Modality = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    SeriesNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    SeriesDescription = table.Column<string>(type: "TEXT", nullable: true),
                    BodyPartExamined = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArchiveSeries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ArchiveSeries_ArchiveStudies_StudyId",
                        column: x => x.StudyId,
                        principalTable: "ArchiveStudies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ArchiveInstances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SeriesId = table.Column<long>(type: "INTEGER", nullable: false),
                    SopInstanceUid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SopClassUid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InstanceNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    TransferSyntaxUid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NumberOfFrames = table.Column<int>(type: "INTEGER", nullable: true),
                    Rows = table.Column<int>(type: "INTEGER", nullable: true),
                    Columns = table.Column<int>(type: "INTEGER", nullable: true),
                    FilePath = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    FileSize = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArchiveInstances", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ArchiveInstances_ArchiveSeries_SeriesId",
                        column: x => x.SeriesId,
                        principalTable: "ArchiveSeries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArchiveInstances_SeriesId_InstanceNumber",
                table: "ArchiveInstances",
                columns: new[] { "SeriesId", "InstanceNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_ArchiveInstances_SopInstanceUid",
                table: "ArchiveInstances",
                column: "SopInstanceUid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ArchiveSeries_SeriesInstanceUid",
                table: "ArchiveSeries",
                column: "SeriesInstanceUid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ArchiveSeries_StudyId_Modality",
                table: "ArchiveSeries",
                columns: new[] { "StudyId", "Modality" });

            migrationBuilder.CreateIndex(
                name: "IX_ArchiveStudies_AccessionNumber",
                table: "ArchiveStudies",
                column: "AccessionNumber");

            migrationBuilder.CreateIndex(
                name: "IX_ArchiveStudies_PatientId",
                table: "ArchiveStudies",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_ArchiveStudies_PatientNameKey",
                table: "ArchiveStudies",
                column: "PatientNameKey");

            migrationBuilder.CreateIndex(
                name: "IX_ArchiveStudies_StudyDate",
                table: "ArchiveStudies",
                column: "StudyDate");

            migrationBuilder.CreateIndex(
                name: "IX_ArchiveStudies_StudyInstanceUid",
                table: "ArchiveStudies",
                column: "StudyInstanceUid",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArchiveInstances");

            migrationBuilder.DropTable(
                name: "ArchiveSeries");

            migrationBuilder.DropTable(
                name: "ArchiveStudies");
        }
    }
}
