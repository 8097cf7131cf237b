using System.Globalization;
using Microsoft.Net.Http.Headers;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Reporting.Export;
using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Web.Endpoints;

/// <summary>
/// Downloads of a signed report: PDF, FHIR R4 DiagnosticReport JSON and the DICOM Basic Text SR (PS3.3 A.35.1),
/// each for <c>?version=N</c> (1 the original Final report, 2.. after each addendum; default the latest). Signed-in
/// users only (401 otherwise); clinicians see Final reports only, and any other report id is a 404 so ids cannot be
/// probed; radiologists and admins get 409 for a report not signed Final yet. Answers are never cached by the
/// browser. Logs name the report id only. Each download is audited (<see cref="AuditActions.ReportExported"/>: who,
/// which report and version, which format) before the file is answered.
/// </summary>
internal static class ReportEndpoints
{
    private const string FhirJson = "application/fhir+json";

    public static void MapReportEndpoints(this RouteGroupBuilder api)
    {
        // The /api group is anonymous until the access-control issue: these require sign-in themselves.
        var reports = api.MapGroup("/reports")
            .RequireAuthorization(policy => policy.RequireRole(PacsRoles.Radiologist, PacsRoles.Clinician, PacsRoles.Admin));

        reports.MapGet("/{reportId:guid}/pdf", (Guid reportId, string? version, string? download, HttpContext context, ReportService service,
            IReportExporter exporter, RequestAudit audit, CancellationToken cancellationToken) =>
            RunAsync(context, reportId, version, service, audit, "pdf", cancellationToken, snapshot =>
            {
                var bytes = exporter.ExportPdf(snapshot);
                SetDisposition(context, snapshot, "pdf", attachment: IsTrue(download));
                return Results.Bytes(bytes, "application/pdf");
            }));

        reports.MapGet("/{reportId:guid}/fhir", (Guid reportId, string? version, HttpContext context, ReportService service,
            IReportExporter exporter, RequestAudit audit, CancellationToken cancellationToken) =>
            RunAsync(context, reportId, version, service, audit, "fhir", cancellationToken, snapshot =>
                Results.Text(exporter.ExportFhirJson(snapshot), FhirJson + "; charset=utf-8")));

        reports.MapGet("/{reportId:guid}/sr", (Guid reportId, string? version, HttpContext context, ReportService service,
            IReportExporter exporter, RequestAudit audit, CancellationToken cancellationToken) =>
            RunAsync(context, reportId, version, service, audit, "sr", cancellationToken, async snapshot =>
            {
                using var buffer = new MemoryStream();
                await exporter.WriteSrAsync(snapshot, buffer, cancellationToken);
                SetDisposition(context, snapshot, "dcm", attachment: true);
                return Results.Bytes(buffer.ToArray(), "application/dicom");
            }));
    }

    private static Task<IResult> RunAsync(HttpContext context, Guid reportId, string? version, ReportService service, RequestAudit audit,
        string format, CancellationToken cancellationToken, Func<ReportSnapshot, IResult> export) =>
        RunAsync(context, reportId, version, service, audit, format, cancellationToken, s => Task.FromResult(export(s)));

    private static async Task<IResult> RunAsync(HttpContext context, Guid reportId, string? version, ReportService service, RequestAudit audit,
        string format, CancellationToken cancellationToken, Func<ReportSnapshot, Task<IResult>> export)
    {
        try
        {
            var snapshot = await service.GetSnapshotAsync(reportId, ParseVersion(version), context.User, cancellationToken);
            context.Response.Headers.CacheControl = "no-store";
            var result = await export(snapshot);
            // Recorded once the file is made and before it is answered: no download goes out unaudited.
            await audit.RecordAsync(new AuditEntry(AuditActions.ReportExported)
            {
                SourceName = snapshot.Study.SourceName, StudyInstanceUid = snapshot.Study.StudyInstanceUid, PatientId = snapshot.Patient.PatientId,
                PatientName = snapshot.Patient.PatientName, ObjectType = AuditObjectTypes.Report, ObjectId = reportId.ToString("D"),
                Detail = string.Create(CultureInfo.InvariantCulture, $"{format} version {snapshot.Version}"),
            }, context.User, cancellationToken);
            return result;
        }
        catch (ApiParameterException e)
        {
            return ApiProblems.BadParameter(e);
        }
        catch (ReportNotFoundException e)
        {
            return ApiProblems.NotFound("Report not found", e.Message);
        }
        catch (ReportStateException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The report is not signed Final", detail: e.Message);
        }
        catch (Exception e) when (e is ReportExportException or ArgumentException)
        {
            ApiProblems.Logger(context).LogError(e, "Report {ReportId} could not be exported on {Path}", reportId, context.Request.Path);
            return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The report could not be exported", detail: e.Message);
        }
    }

    private static int? ParseVersion(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return null;
        }
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            throw new ApiParameterException("version", "give a signed version number: 1 for the original report, 2.. after each addendum");
        }
        return n;
    }

    private static bool IsTrue(string? flag) => flag is "1" or "true";

    /// <summary>A file name made only of the study date, the report id and version: ASCII, no patient data.</summary>
    private static void SetDisposition(HttpContext context, ReportSnapshot snapshot, string extension, bool attachment)
    {
        var date = snapshot.Study.StudyDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "undated";
        var name = $"report-{date}-{snapshot.ReportId.ToString("N")[..8]}-v{snapshot.Version}.{extension}";
        var disposition = new ContentDispositionHeaderValue(attachment ? "attachment" : "inline") { FileName = name };
        context.Response.Headers.ContentDisposition = disposition.ToString();
    }
}
