using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>The peer broke the DIMSE message rules (PS3.7 6.3, PS3.8 E.2), or a response was missing or wrong.</summary>
public sealed class DimseProtocolException(string message, Exception? inner = null) : DicomNetworkException(message, inner);
