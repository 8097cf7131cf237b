using System.Runtime.InteropServices;

namespace PacsViewer.Core.Codecs.JpegLs;

/// <summary>charls_frame_info (public_types.h): the SOF-55 parameters of a JPEG-LS frame (ISO/IEC 14495-1 C.2.2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CharLsFrameInfo
{
    public uint Width;
    public uint Height;
    public int BitsPerSample;
    public int ComponentCount;
}
