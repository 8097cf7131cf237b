namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>A rendered image from WADO-RS (PS3.18 10.4.1.1.4, 8.3.5): the encoded bytes and their media type.</summary>
public sealed record DicomWebRendered(string MediaType, ReadOnlyMemory<byte> Data);
