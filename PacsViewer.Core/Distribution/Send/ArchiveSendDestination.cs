using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Distribution.Send;

/// <summary>Into the built-in archive: each object written, flushed and indexed; an object already there counts as sent (the archive keeps the first).</summary>
internal sealed class ArchiveSendDestination(LocalArchive archive) : SendDestination
{
    public override string Protocol => "copy to the archive";

    public override async Task<IReadOnlyList<SendOutcome>> StoreAsync(IReadOnlyList<DicomFile> files, CancellationToken cancellationToken)
    {
        var outcomes = new List<SendOutcome>(files.Count);
        foreach (var file in files)
        {
            var result = await archive.AddAsync(file, cancellationToken).ConfigureAwait(false);
            outcomes.Add(result.Outcome is ArchiveStoreOutcome.Rejected or ArchiveStoreOutcome.Skipped
                ? SendOutcome.Refused("the archive refused it: " + result.Reason)
                : SendOutcome.Success);
        }
        return outcomes;
    }
}
