namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// One frame's pixel data from a WADO-RS frames request (PS3.18 10.4.1.1.3): the bytes as sent, with their media type
/// and transfer syntax (Explicit VR Little Endian when an <c>application/octet-stream</c> part names none,
/// PS3.18 8.7.3.3.2).
/// </summary>
public sealed record DicomWebFrame(int FrameNumber, string MediaType, string TransferSyntaxUid, ReadOnlyMemory<byte> Data);
