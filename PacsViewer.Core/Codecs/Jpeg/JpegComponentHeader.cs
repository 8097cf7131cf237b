namespace PacsViewer.Core.Codecs.Jpeg;

/// <summary>One component of a JPEG frame header (ITU-T T.81 B.2.2: Ci, Hi, Vi).</summary>
internal readonly record struct JpegComponentHeader(byte Identifier, int HorizontalSampling, int VerticalSampling);
