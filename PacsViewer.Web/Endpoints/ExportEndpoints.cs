using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Export;
using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Web.Endpoints;

/// <summary>
/// Study exports over HTTP: a direct ZIP download streamed while it is built (no job, for small studies), and the
/// download of an Export job's finished ZIP. Both audited as <see cref="AuditActions.StudyExported"/>.
/// </summary>
internal static class ExportEndpoints
{
    /// <summary>On one study's group (the study access filter runs first): <c>GET .../export.zip?deidentify=true|false</c>.</summary>
    public static void MapExportEndpoints(this RouteGroupBuilder study)
    {
        study.MapGet("/export.zip", async (string source, string study, bool? deidentify, string? pseudonym, bool? includeFlagged, string? series,
            HttpContext context, ExportService exports, RequestAudit audit, CancellationToken cancellationToken) =>
        {
            var deid = deidentify ?? false;
            IStudySource studySource;
            List<ExportInstance> plan;
            Deidentifier? deidentifier;
            try
            {
                studySource = await exports.AuthorizeAsync(context.User, source, study, deid, cancellationToken);
                plan = await ExportPlanner.PlanAsync(studySource, study, series, cancellationToken);
                deidentifier = deid ? new Deidentifier(pseudonym) : null;
            }
            catch (TransferJobAccessDeniedException e)
            {
                await audit.RecordAsync(new AuditEntry(AuditActions.StudyExported, AuditOutcome.MinorFailure)
                {
                    SourceName = source, StudyInstanceUid = study, Detail = "direct ZIP download refused: role not allowed",
                }, context.User, CancellationToken.None);
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Export not allowed", detail: e.Message);
            }
            catch (StudyAccessException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No access to this study", detail: e.Message);
            }
            catch (ArgumentException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad export option", detail: e.Message);
            }
            catch (StudySourceException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The source did not answer", detail: e.Message);
            }
            if (plan.Count == 0)
            {
                return ApiProblems.NotFound("Study not found", "the source has no objects for this study");
            }
            if (plan.Count > exports.Options.MaxDirectDownloadObjects)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Study too large for a direct download",
                    detail: $"{plan.Count} objects (more than {exports.Options.MaxDirectDownloadObjects}): queue an export job instead.");
            }

            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            context.Response.ContentType = "application/zip";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{SafeName(deid ? "study-deidentified" : "study")}\"";
            context.Response.Headers.CacheControl = "no-store";
            var writer = new StudyZipWriter(deidentifier, includeFlagged ?? false);
            var entry = new AuditEntry(AuditActions.StudyExported)
            {
                SourceName = source, StudyInstanceUid = study, ObjectType = "Study",
            };
            try
            {
                var result = await writer.WriteAsync(context.Response.Body, plan,
                    (i, ct) => studySource.GetInstanceAsync(new InstanceKey(i.StudyInstanceUid, i.SeriesInstanceUid, i.SopInstanceUid), ct),
                    null, cancellationToken);
                await audit.RecordAsync(entry with
                {
                    Outcome = result.Failed > 0 ? AuditOutcome.MinorFailure : AuditOutcome.Success,
                    Detail = $"direct ZIP download{(deid ? ", de-identified" : "")}: {result.Written} objects, {result.Skipped} skipped (burned-in), {result.Failed} failed",
                }, context.User, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The response has started: a problem document cannot follow; end the connection so the client sees a broken
                // download rather than a ZIP that looks complete.
                await audit.RecordAsync(entry with
                {
                    Outcome = AuditOutcome.SeriousFailure, Detail = $"direct ZIP download{(deid ? ", de-identified" : "")} broke off: {e.GetType().Name}",
                }, context.User, CancellationToken.None);
                ApiProblems.Logger(context).LogWarning(e, "A direct export of a study from {Source} broke off", source);
                context.Abort();
            }
            return Results.Empty;
        });
    }

    /// <summary><c>GET /api/jobs/{id}/result</c>: the finished ZIP of an Export job, for its creator or an Admin.</summary>
    public static void MapExportResultEndpoint(this RouteGroupBuilder api)
    {
        api.MapGet("/jobs/{id:long}/result", async (long id, HttpContext context, TransferJobService jobs, IOptions<ExportOptions> options,
            IOptions<ArchiveOptions> archive, RequestAudit audit, CancellationToken cancellationToken) =>
        {
            var job = await jobs.GetAsync(id, context.User, cancellationToken);
            if (job is null || job.Kind != TransferJobKind.Export)
            {
                return ApiProblems.NotFound("No such export", "there is no export job with this id that you may see");
            }
            var folder = options.Value.ResolveFolder(archive.Value.Path) + Path.DirectorySeparatorChar;
            var path = job.ResultPath is null ? null : Path.GetFullPath(job.ResultPath);
            // Only a finished job's ZIP: while a retried job runs again its earlier result is about to be replaced.
            if (job.State is not (TransferJobState.Succeeded or TransferJobState.PartlyFailed)
                || path is null || !path.StartsWith(folder, StringComparison.Ordinal) || !File.Exists(path))
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The export is not ready",
                    detail: $"the job is {job.State}; its ZIP is there once it has succeeded (or partly failed)");
            }
            await audit.RecordAsync(new AuditEntry(AuditActions.StudyExported)
            {
                SourceName = job.SourceName, StudyInstanceUid = job.StudyInstanceUid, PatientId = job.PatientId, PatientName = job.PatientName,
                ObjectType = AuditObjectTypes.TransferJob, ObjectId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Detail = "export job's ZIP downloaded",
            }, context.User, cancellationToken);
            return Results.File(path, "application/zip", SafeName($"export-{id}"), enableRangeProcessing: true);
        });
    }

    /// <summary>A file name made by the server (never from DICOM data): letters, digits, '-', and a UTC time stamp.</summary>
    private static string SafeName(string stem) => $"{stem}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.zip";
}
