using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Imaging.Caching;

/// <summary>Reading frames of an open <see cref="DicomFile"/> through a <see cref="DecodedFrameCache"/>.</summary>
public static class DecodedFrameCacheExtensions
{
    /// <summary>
    /// A lease on frame <paramref name="frameIndex"/> of <paramref name="file"/>, keyed by
    /// <paramref name="sourceId"/> and the file's SOP Instance UID (0008,0018), decoded by
    /// <paramref name="reader"/> when not cached. Throws <see cref="PixelDataException"/> when the file has no
    /// SOP Instance UID or the frame cannot be decoded.
    /// </summary>
    public static ValueTask<FrameLease> GetFrameAsync(this DecodedFrameCache cache, FrameReader reader, string sourceId,
        DicomFile file, int frameIndex, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(file);
        var sopInstanceUid = file.Dataset.GetString(DicomTags.SOPInstanceUID);
        if (string.IsNullOrEmpty(sopInstanceUid))
        {
            throw new PixelDataException("the object has no SOP Instance UID (0008,0018) to key its frames by");
        }
        var key = new FrameCacheKey(sourceId, sopInstanceUid, frameIndex);
        return cache.GetAsync(key, _ => Task.FromResult(reader.ReadFrame(file, frameIndex)), cancellationToken);
    }
}
