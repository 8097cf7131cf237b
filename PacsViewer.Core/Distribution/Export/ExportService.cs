using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Security;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Core.Distribution.Export;

/// <summary>
/// What the web app asks of exports: may this user export this study (the role an admin allows for Export, or for
/// ExportDeidentified when de-identifying, AND access to the study), queue an export job, or plan a direct download.
/// </summary>
public sealed class ExportService(StudySourceCatalog catalog, IDistributionPermissions permissions, StudyAccessService access,
    ITransferJobQueue queue, IOptions<ExportOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ExportOptions Options => options.Value;

    /// <summary>Which export options <paramref name="user"/> may use at all (the dialog shows only these).</summary>
    public async Task<(bool Identified, bool Deidentified)> AllowedAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        (await permissions.IsAllowedAsync(user, DistributionAction.Export, cancellationToken).ConfigureAwait(false),
         await permissions.IsAllowedAsync(user, DistributionAction.ExportDeidentified, cancellationToken).ConfigureAwait(false));

    /// <summary>The source, once the user's role and study access allow this export; throws otherwise.</summary>
    /// <exception cref="TransferJobAccessDeniedException">The role may not export (this way).</exception>
    /// <exception cref="StudyAccessException">No access to the study.</exception>
    /// <exception cref="StudySourceException">No such source.</exception>
    public async Task<IStudySource> AuthorizeAsync(ClaimsPrincipal user, string source, string studyInstanceUid, bool deidentify,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var action = deidentify ? DistributionAction.ExportDeidentified : DistributionAction.Export;
        if (!await permissions.IsAllowedAsync(user, action, cancellationToken).ConfigureAwait(false))
        {
            throw new TransferJobAccessDeniedException(deidentify
                ? "Your role may not export de-identified studies."
                : "Your role may not export studies with the patient's identity; a de-identified export may be allowed.");
        }
        if (!catalog.TryGet(source, out var studySource))
        {
            throw new StudySourceException(source, "no such source is configured");
        }
        var decision = await access.CheckAsync(user, source, studyInstanceUid, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            throw new StudyAccessException("No access to this study.");
        }
        return studySource;
    }

    /// <summary>Queues an export job for <paramref name="user"/> after <see cref="AuthorizeAsync"/>; returns its id.</summary>
    public async Task<long> QueueAsync(ClaimsPrincipal user, string source, string studyInstanceUid, string? seriesInstanceUid,
        ExportJobParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var studySource = await AuthorizeAsync(user, source, studyInstanceUid, parameters.Deidentify, cancellationToken).ConfigureAwait(false);
        var job = await NewJobAsync(studySource, user.Identity?.Name ?? "unknown", studyInstanceUid, seriesInstanceUid, parameters, cancellationToken).ConfigureAwait(false);
        return await queue.EnqueueAsync(job, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new Export job (not yet queued) with the study's patient and description looked up in the source.</summary>
    public static async Task<TransferJob> NewJobAsync(IStudySource source, string createdBy, string studyInstanceUid, string? seriesInstanceUid,
        ExportJobParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        string? patientId = null, patientName = null, description = null;
        await foreach (var study in source.SearchStudiesAsync(new StudyQuery { StudyInstanceUid = studyInstanceUid, Limit = 1 }, cancellationToken).ConfigureAwait(false))
        {
            patientId = study.GetString(DicomTags.PatientID);
            patientName = study.GetString(DicomTags.PatientName);
            description = study.GetString(DicomTags.StudyDescription);
            break;
        }
        var what = seriesInstanceUid is null ? "study" : "series";
        return new TransferJob
        {
            Kind = TransferJobKind.Export,
            CreatedBy = createdBy,
            SourceName = source.Id,
            StudyInstanceUid = studyInstanceUid,
            SeriesInstanceUid = seriesInstanceUid,
            PatientId = patientId,
            PatientName = patientName,
            Description = parameters.Deidentify
                ? $"ZIP of the {what} {description}, de-identified".Replace("  ", " ", StringComparison.Ordinal)
                : $"ZIP of the {what} {description}".Replace("  ", " ", StringComparison.Ordinal),
            ParametersJson = JsonSerializer.Serialize(parameters, Json),
        };
    }
}
