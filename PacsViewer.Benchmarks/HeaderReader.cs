using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Benchmarks;

/// <summary>Our side of the header benchmark: PacsViewer's reader, stopping before Pixel Data.</summary>
internal static class HeaderReader
{
    public static readonly DicomReaderOptions Options = new() { StopBeforePixelData = true };

    /// <summary>Reads the header of every file; returns the total element count so the work cannot be elided.</summary>
    public static int ReadAll(IReadOnlyList<string> files)
    {
        var elements = 0;
        for (var i = 0; i < files.Count; i++)
        {
            elements += DicomFile.Open(files[i], Options).Dataset.Count;
        }
        return elements;
    }
}
