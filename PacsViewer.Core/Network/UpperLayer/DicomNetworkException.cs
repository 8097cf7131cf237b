namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>A failure of a DICOM association: refused, aborted, malformed, timed out or closed.</summary>
public class DicomNetworkException : Exception
{
    public DicomNetworkException(string message) : base(message) { }

    public DicomNetworkException(string message, Exception? inner) : base(message, inner) { }
}
