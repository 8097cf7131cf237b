namespace PacsViewer.Core.Network.Dimse;

/// <summary>A data set already encoded in the presentation context's transfer syntax, as a byte range of a file.</summary>
public sealed record DimseDatasetFile(string Path, long Offset, long Length);
