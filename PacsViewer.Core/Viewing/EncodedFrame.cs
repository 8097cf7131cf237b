namespace PacsViewer.Core.Viewing;

/// <summary>An encoded rendered frame: the image bytes and their media type (image/png, image/jpeg).</summary>
public sealed record EncodedFrame(ReadOnlyMemory<byte> Bytes, string MediaType);
