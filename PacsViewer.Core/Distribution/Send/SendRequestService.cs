using System.Security.Claims;
using System.Text.Json;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Security;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Core.Distribution.Send;

/// <summary>
/// Turns a user's send request into a queued Send job: checks that an admin allows the user's roles to send
/// (<see cref="IDistributionPermissions"/>) and that the user may see the study (<see cref="StudyAccessService"/>), that
/// source and destination exist and differ and suit the method, finds the study in its source (the job shows its patient
/// and description), and enqueues the job (<see cref="ITransferJobQueue"/>, which audits who asked).
/// </summary>
public sealed class SendRequestService
{
    private readonly StudySourceCatalog _catalog;
    private readonly IDistributionPermissions _permissions;
    private readonly StudyAccessService _access;
    private readonly ITransferJobQueue _queue;

    public SendRequestService(StudySourceCatalog catalog, IDistributionPermissions permissions, StudyAccessService access, ITransferJobQueue queue)
    {
        _catalog = catalog;
        _permissions = permissions;
        _access = access;
        _queue = queue;
    }

    /// <summary>Whether <paramref name="user"/>'s roles may send at all (the Send buttons are shown only then).</summary>
    public Task<bool> CanSendAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        _permissions.IsAllowedAsync(user, DistributionAction.Send, cancellationToken);

    /// <summary>The destinations a study of <paramref name="sourceName"/> can go to: every other source of the catalog.</summary>
    public IReadOnlyList<SendDestinationChoice> DestinationsFor(string sourceName)
    {
        _catalog.TryGet(sourceName, out var source);
        var sourceIsDimse = source is not null && IsDimse(source);
        return _catalog.All
            .Where(s => !string.Equals(s.Id, sourceName, StringComparison.Ordinal))
            .Select(s => new SendDestinationChoice(s.Id, StudySourceCatalog.KindOf(s), SendDestination.For(s).Protocol, sourceIsDimse && IsDimse(s)))
            .ToArray();
    }

    /// <summary>Queues the send and returns the job's id; a refusal is a <see cref="SendRequestException"/> saying why.</summary>
    public async Task<long> RequestAsync(ClaimsPrincipal user, SendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        var userName = user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : throw new SendRequestException("Sign in to send studies");
        if (!await _permissions.IsAllowedAsync(user, DistributionAction.Send, cancellationToken).ConfigureAwait(false))
        {
            throw new SendRequestException("Your role is not allowed to send studies (an admin sets who may)");
        }
        if (string.IsNullOrWhiteSpace(request.StudyInstanceUid))
        {
            throw new SendRequestException("No study to send");
        }
        if (!_catalog.TryGet(request.SourceName, out var source))
        {
            throw new SendRequestException($"Unknown source '{request.SourceName}'");
        }
        var decision = await _access.CheckAsync(user, source.Id, request.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            throw new SendRequestException("You have no access to this study, so you cannot send it");
        }
        if (!_catalog.TryGet(request.Destination, out var destination))
        {
            throw new SendRequestException($"Unknown destination '{request.Destination}'");
        }
        if (string.Equals(source.Id, destination.Id, StringComparison.Ordinal))
        {
            throw new SendRequestException("The destination is the study's own source");
        }
        if (request.Method == SendMethod.Move && !(IsDimse(source) && IsDimse(destination)))
        {
            throw new SendRequestException("C-MOVE needs a DIMSE source and a DIMSE destination");
        }
        var study = await FindStudyAsync(source, request.StudyInstanceUid, cancellationToken).ConfigureAwait(false)
            ?? throw new SendRequestException($"Study {request.StudyInstanceUid} was not found in {source.Id}");
        var summary = StudySummary.FromDataset(study);
        var protocol = request.Method == SendMethod.Move ? "C-MOVE" : SendDestination.For(destination).Protocol;
        var what = string.Join(' ', new[] { string.Join('/', summary.Modalities), summary.Description?.Trim() }.Where(s => !string.IsNullOrEmpty(s)));
        var job = new TransferJob
        {
            Kind = TransferJobKind.Send,
            CreatedBy = userName,
            SourceName = source.Id,
            StudyInstanceUid = request.StudyInstanceUid,
            SeriesInstanceUid = string.IsNullOrWhiteSpace(request.SeriesInstanceUid) ? null : request.SeriesInstanceUid,
            PatientId = summary.PatientId,
            PatientName = summary.PatientName,
            Description = Limit($"{(what.Length > 0 ? what : "Study")}{(request.SeriesInstanceUid is { Length: > 0 } ? " (one series)" : "")} to {destination.Id} by {protocol}"),
            Destination = destination.Id,
            ParametersJson = JsonSerializer.Serialize(new SendJobParameters { Method = request.Method }),
        };
        return await _queue.EnqueueAsync(job, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The study's STUDY-level attributes from its source, or null when the source has no such study.</summary>
    internal static async Task<Dicom.DicomDataset?> FindStudyAsync(IStudySource source, string studyInstanceUid, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var found in source.SearchStudiesAsync(new StudyQuery { StudyInstanceUid = studyInstanceUid, Limit = 1 }, cancellationToken).ConfigureAwait(false))
            {
                if (string.Equals(found.GetFirstString(DicomTags.StudyInstanceUID)?.Trim('\0', ' '), studyInstanceUid, StringComparison.Ordinal))
                {
                    return found;
                }
            }
        }
        catch (StudyObjectNotFoundException)
        {
        }
        catch (StudySourceException e)
        {
            throw new SendRequestException($"{source.Id} cannot be reached to find the study: {e.Message}", e);
        }
        return null;
    }

    internal static bool IsDimse(IStudySource source) => (source is CachingStudySource caching ? caching.Inner : source) is DimseStudySource;

    private static string Limit(string text) => text.Length <= 200 ? text : text[..200];
}
