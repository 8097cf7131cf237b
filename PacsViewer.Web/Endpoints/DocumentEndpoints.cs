using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Viewing;
using PacsViewer.Core.Viewing.StructuredReports;

namespace PacsViewer.Web.Endpoints;

/// <summary>Non-image objects the viewer shows: an SR content tree as JSON, an encapsulated PDF inline (on one study's group).</summary>
internal static class DocumentEndpoints
{
    private const string Instance = "/series/{series}/instances/{sop}";

    public static void MapDocumentEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet(Instance + "/sr", (string source, string study, string series, string sop, HttpContext context,
            StudySourceCatalog catalog, ViewerFrameService frames, CancellationToken cancellationToken) =>
            ApiProblems.RunAsync(context, source, async () =>
            {
                if (!catalog.TryGet(source, out var studySource))
                {
                    return ApiProblems.UnknownSource(source);
                }
                var header = await frames.GetHeaderAsync(studySource, new InstanceKey(study, series, sop), cancellationToken);
                var sopClass = header.GetFirstString(DicomTags.SOPClassUID);
                if (!(sopClass ?? "").StartsWith(SopClassKinds.StructuredReportRoot, StringComparison.Ordinal))
                {
                    return ApiProblems.NotFound("Not a structured report", $"the instance is a {SopClassKinds.Describe(SeriesKind.Unsupported, sopClass)}");
                }
                return Results.Ok(SrDocumentReader.Read(header));
            }));

        api.MapGet(Instance + "/pdf", (string source, string study, string series, string sop, HttpContext context,
            StudySourceCatalog catalog, CancellationToken cancellationToken) =>
            ApiProblems.RunAsync(context, source, async () =>
            {
                if (!catalog.TryGet(source, out var studySource))
                {
                    return ApiProblems.UnknownSource(source);
                }
                // Read fresh (not from the header cache): the document is a large value read from the file.
                var file = await studySource.GetInstanceAsync(new InstanceKey(study, series, sop), cancellationToken);
                var dataset = file.Dataset;
                var mime = dataset.GetFirstString(DicomTags.MIMETypeOfEncapsulatedDocument);
                if (dataset.GetFirstString(DicomTags.SOPClassUID) != SopClassKinds.EncapsulatedPdf
                    && !string.Equals(mime, "application/pdf", StringComparison.OrdinalIgnoreCase))
                {
                    return ApiProblems.NotFound("Not a PDF document", "the instance is not an Encapsulated PDF (PS3.3 A.45.1)");
                }
                var bytes = dataset.GetBytes(DicomTags.EncapsulatedDocument);
                // PS3.3 C.24.2.1: the value is padded to even length; Encapsulated Document Length gives the document's own length.
                if (dataset.TryGetInt64(DicomTags.EncapsulatedDocumentLength, out var length) && length >= 0 && length <= bytes.Length)
                {
                    bytes = bytes[..(int)length];
                }
                context.Response.Headers.ContentDisposition = "inline";
                // Shown in the viewer's own iframe: this response may be framed by the app (and nothing else).
                context.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'self'";
                context.Response.Headers.XFrameOptions = "SAMEORIGIN";
                context.Response.Headers.CacheControl = $"private, max-age={FrameCaching.MaxAgeSeconds}";
                return Results.Bytes(bytes, "application/pdf");
            }));
    }
}
