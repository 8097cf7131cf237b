using System.Globalization;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Audit.Export;
using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Web.Endpoints;

/// <summary>
/// <c>GET /api/audit/export?format=dicom|fhir&amp;...</c>: the audit trail for the filters of
/// <see cref="AuditQueryParameters"/>, newest first, streamed as DICOM audit messages (PS3.15 A.5, one
/// <c>AuditMessage</c> per event under an <c>AuditMessages</c> root) or a FHIR R4 Bundle of AuditEvents. Admins only.
/// The export is itself audited (<see cref="AuditActions.AuditTrailExported"/>, with the filters) before the first
/// byte is sent. There is no endpoint that changes or deletes audit events.
/// </summary>
internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").RequireAuthorization(policy => policy.RequireRole(PacsRoles.Admin));
        audit.MapGet("/export", ExportAsync);
    }

    private static async Task<IResult> ExportAsync(HttpContext context, string? format, AuditQueryService queries, DicomAuditMessageWriter dicom,
        FhirAuditBundleWriter fhir, RequestAudit audit, TimeProvider time, CancellationToken cancellationToken)
    {
        AuditQuery query;
        try
        {
            if (format is not ("dicom" or "fhir"))
            {
                throw new ApiParameterException("format", "give dicom (PS3.15 A.5 audit messages) or fhir (a FHIR R4 Bundle of AuditEvents)");
            }
            query = AuditQueryParameters.Parse(context.Request.Query);
            AuditQueryService.Validate(query);
        }
        catch (ApiParameterException e)
        {
            return ApiProblems.BadParameter(e);
        }
        catch (AuditQueryException e)
        {
            return ApiProblems.BadParameter(new ApiParameterException("to", e.Message));
        }
        await audit.RecordAsync(new AuditEntry(AuditActions.AuditTrailExported)
        {
            ObjectType = AuditObjectTypes.AuditTrail, ObjectId = format, Detail = query.Describe(),
        }, context.User, cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var rows = queries.StreamAsync(query, cancellationToken);
        return format == "dicom"
            ? Results.Stream(body => dicom.WriteAsync(rows, body, cancellationToken), DicomAuditMessageWriter.ContentType + "; charset=utf-8",
                $"audit-{stamp}.xml")
            : Results.Stream(body => fhir.WriteAsync(rows, body, cancellationToken), FhirAuditBundleWriter.ContentType + "; charset=utf-8",
                $"audit-{stamp}.json");
    }
}
