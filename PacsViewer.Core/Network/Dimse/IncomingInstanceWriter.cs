using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// Writes the data set of a C-STORE-RQ to a Part 10 file as it arrives: File Meta Information built from the
/// command and the presentation context (PS3.10 7.1), then the data set bytes unchanged, to a temporary file in
/// the incoming directory; flushed to disk and renamed to a generated name (never one taken from the data).
/// </summary>
internal static class IncomingInstanceWriter
{
    public static async Task<string> WriteAsync(DimseChannel channel, DimseMessage command, string directory, string callingAeTitle,
        long maxBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var syntax = channel.TransferSyntaxOf(command.PresentationContextId);
        var identity = new DicomDatasetBuilder()
            .Set(DicomTags.SOPClassUID, DicomVR.UI, command.AffectedSopClassUid ?? "")
            .Set(DicomTags.SOPInstanceUID, DicomVR.UI, command.AffectedSopInstanceUid ?? "")
            .ToDataset();
        using var header = new MemoryStream();
        DicomFileWriter.WriteFileMetaHeader(header, DicomFileWriter.CreateFileMeta(identity, syntax, callingAeTitle), cancellationToken);

        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".incoming-{Guid.NewGuid():N}.part");
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(header.GetBuffer().AsMemory(0, (int)header.Length), cancellationToken).ConfigureAwait(false);
                await channel.ReceiveDatasetToAsync(command, file, maxBytes, timeout, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
#pragma warning disable CA1849 // FlushAsync does not reach the disk; Flush(true) does (fsync), which success depends on.
                file.Flush(flushToDisk: true);
#pragma warning restore CA1849
            }
            var final = Path.Combine(directory, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.dcm");
            File.Move(temporary, final);
            return final;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do; the name is one we generated.
        }
    }
}
