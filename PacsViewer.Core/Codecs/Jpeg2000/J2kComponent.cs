namespace PacsViewer.Core.Codecs.Jpeg2000;

/// <summary>One component of the SIZ segment (ISO/IEC 15444-1 A.5.1): precision, sign and subsampling.</summary>
internal readonly record struct J2kComponent(int Precision, bool IsSigned, int HorizontalSeparation, int VerticalSeparation);
