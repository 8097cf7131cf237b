using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PacsViewer.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorklistPageIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_AccessionNumber",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_AssignedTo",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_PatientId",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_PatientNameKey",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_Status_Priority_StudyDate",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_StudyDate",
                table: "WorklistEntries");

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_AccessionNumber_Id",
                table: "WorklistEntries",
                columns: new[] { "AccessionNumber", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_AssigneeOrder",
                table: "WorklistEntries",
                columns: new[] { "AssignedTo", "Id", "Status", "Priority", "StudyDate", "StudyTime", "ModalitiesKey" });

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_DateOrder",
                table: "WorklistEntries",
                columns: new[] { "StudyDate", "StudyTime", "Id", "Status", "Priority", "AssignedTo", "ModalitiesKey" });

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_Modalities_Id",
                table: "WorklistEntries",
                columns: new[] { "Modalities", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_PatientId_Id",
                table: "WorklistEntries",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_PatientNameKey_Id",
                table: "WorklistEntries",
                columns: new[] { "PatientNameKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_ReadingOrder",
                table: "WorklistEntries",
                columns: new[] { "Priority", "StudyDate", "StudyTime", "Id", "Status", "AssignedTo", "ModalitiesKey" },
                descending: new[] { false, true, true, false, false, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_StatusOrder",
                table: "WorklistEntries",
                columns: new[] { "Status", "Id", "Priority", "AssignedTo", "StudyDate", "StudyTime", "ModalitiesKey" });

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_StudyDescriptionKey_Id",
                table: "WorklistEntries",
                columns: new[] { "StudyDescriptionKey", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_AccessionNumber_Id",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_AssigneeOrder",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_DateOrder",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_Modalities_Id",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_PatientId_Id",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_PatientNameKey_Id",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_ReadingOrder",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_StatusOrder",
                table: "WorklistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WorklistEntries_StudyDescriptionKey_Id",
                table: "WorklistEntries");

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_AccessionNumber",
                table: "WorklistEntries",
                column: "AccessionNumber");

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_AssignedTo",
                table: "WorklistEntries",
                column: "AssignedTo");

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_PatientId",
                table: "WorklistEntries",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_PatientNameKey",
                table: "WorklistEntries",
                column: "PatientNameKey");

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_Status_Priority_StudyDate",
                table: "WorklistEntries",
                columns: new[] { "Status", "Priority", "StudyDate" });

            migrationBuilder.CreateIndex(
                name: "IX_WorklistEntries_StudyDate",
                table: "WorklistEntries",
                column: "StudyDate");
        }
    }
}
