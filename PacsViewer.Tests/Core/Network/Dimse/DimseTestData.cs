using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Network.Dimse;

internal static class DimseTestData
{
    public static byte[] ImplicitDataset(DicomDataset dataset)
    {
        using var stream = new MemoryStream();
        DicomFileWriter.WriteDataset(stream, dataset, DicomTransferSyntax.ImplicitVRLittleEndian);
        return stream.ToArray();
    }
}
