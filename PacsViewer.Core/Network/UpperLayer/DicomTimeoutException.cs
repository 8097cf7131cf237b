namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>A timer expired: ARTIM (PS3.8 9.1.5), the DIMSE response timeout or the idle timeout.</summary>
public sealed class DicomTimeoutException(string message) : DicomNetworkException(message);
