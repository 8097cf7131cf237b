using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Distribution.Send;

/// <summary>
/// Where a Send job stores objects, by the protocol of the destination source: several objects per exchange when the
/// protocol allows it (one association, one STOW-RS request), one outcome per object. A refused object is an outcome;
/// a failure of the exchange (unreachable, dropped) is a <see cref="StudySourceException"/> the job runner retries.
/// </summary>
internal abstract class SendDestination
{
    /// <summary>Objects per exchange: few enough that a dropped association resends little, many enough to save the association set-up.</summary>
    public virtual int BatchSize => 16;

    public abstract string Protocol { get; }

    public abstract Task<IReadOnlyList<SendOutcome>> StoreAsync(IReadOnlyList<DicomFile> files, CancellationToken cancellationToken);

    public static SendDestination For(IStudySource destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var inner = destination is CachingStudySource caching ? caching.Inner : destination;
        return inner switch
        {
            DimseStudySource dimse => new DimseSendDestination(dimse),
            DicomWebStudySource web => new DicomWebSendDestination(web),
            LocalArchive archive => new ArchiveSendDestination(archive),
            _ => new SourceSendDestination(destination),
        };
    }
}
