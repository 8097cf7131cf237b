using System.Runtime.InteropServices;

namespace PacsViewer.Core.Codecs.JpegLs;

/// <summary>
/// The part of the CharLS 2.x C API (charls_jpegls_decoder.h) that decoding needs, bound from a loaded library.
/// All functions are re-entrant on distinct decoder instances; each decode creates and destroys its own instance.
/// </summary>
internal sealed class CharLsNative
{
    public const int Success = 0;

    private CharLsNative(string libraryName, string version, Create create, Destroy destroy, SetSourceBuffer setSourceBuffer,
        ReadHeader readHeader, GetFrameInfo getFrameInfo, GetInterleaveMode getInterleaveMode,
        GetDestinationSize getDestinationSize, DecodeToBuffer decodeToBuffer, GetErrorMessage getErrorMessage)
    {
        LibraryName = libraryName;
        Version = version;
        DecoderCreate = create;
        DecoderDestroy = destroy;
        DecoderSetSourceBuffer = setSourceBuffer;
        DecoderReadHeader = readHeader;
        DecoderGetFrameInfo = getFrameInfo;
        DecoderGetInterleaveMode = getInterleaveMode;
        DecoderGetDestinationSize = getDestinationSize;
        DecoderDecodeToBuffer = decodeToBuffer;
        ErrorMessage = getErrorMessage;
    }

    public string LibraryName { get; }

    /// <summary>charls_get_version_string, e.g. "2.4.1".</summary>
    public string Version { get; }

    // charls_jpegls_decoder* charls_jpegls_decoder_create(void)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr Create();

    // void charls_jpegls_decoder_destroy(const charls_jpegls_decoder*)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void Destroy(IntPtr decoder);

    // charls_jpegls_errc charls_jpegls_decoder_set_source_buffer(decoder, const void*, size_t)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SetSourceBuffer(IntPtr decoder, ref byte source, nuint sourceSize);

    // charls_jpegls_errc charls_jpegls_decoder_read_header(decoder)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int ReadHeader(IntPtr decoder);

    // charls_jpegls_errc charls_jpegls_decoder_get_frame_info(decoder, charls_frame_info*)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int GetFrameInfo(IntPtr decoder, out CharLsFrameInfo frameInfo);

    // charls_jpegls_errc charls_jpegls_decoder_get_interleave_mode(decoder, charls_interleave_mode*)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int GetInterleaveMode(IntPtr decoder, out int interleaveMode);

    // charls_jpegls_errc charls_jpegls_decoder_get_destination_size(decoder, uint32_t stride, size_t*)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int GetDestinationSize(IntPtr decoder, uint stride, out nuint destinationSize);

    // charls_jpegls_errc charls_jpegls_decoder_decode_to_buffer(decoder, void*, size_t, uint32_t stride)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int DecodeToBuffer(IntPtr decoder, ref byte destination, nuint destinationSize, uint stride);

    // const char* charls_get_error_message(charls_jpegls_errc)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr GetErrorMessage(int errorCode);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GetVersionString();

    public Create DecoderCreate { get; }

    public Destroy DecoderDestroy { get; }

    public SetSourceBuffer DecoderSetSourceBuffer { get; }

    public ReadHeader DecoderReadHeader { get; }

    public GetFrameInfo DecoderGetFrameInfo { get; }

    public GetInterleaveMode DecoderGetInterleaveMode { get; }

    public GetDestinationSize DecoderGetDestinationSize { get; }

    public DecodeToBuffer DecoderDecodeToBuffer { get; }

    public GetErrorMessage ErrorMessage { get; }

    /// <summary>The library's text for an error code (charls_get_error_message), with the code.</summary>
    public string Describe(int errorCode)
    {
        var text = Marshal.PtrToStringUTF8(ErrorMessage(errorCode));
        return $"{text} (CharLS error {errorCode})";
    }

    /// <summary>Loads and binds the library, or says why it cannot be used.</summary>
    public static CharLsNative? TryLoad(string libraryName, out string? reason)
    {
        var library = NativeCodecLibrary.TryLoad(libraryName, "libcharls2", out reason);
        if (library is null)
        {
            return null;
        }
        var create = library.Bind<Create>("charls_jpegls_decoder_create");
        var destroy = library.Bind<Destroy>("charls_jpegls_decoder_destroy");
        var setSource = library.Bind<SetSourceBuffer>("charls_jpegls_decoder_set_source_buffer");
        var readHeader = library.Bind<ReadHeader>("charls_jpegls_decoder_read_header");
        var frameInfo = library.Bind<GetFrameInfo>("charls_jpegls_decoder_get_frame_info");
        var interleave = library.Bind<GetInterleaveMode>("charls_jpegls_decoder_get_interleave_mode");
        var size = library.Bind<GetDestinationSize>("charls_jpegls_decoder_get_destination_size");
        var decode = library.Bind<DecodeToBuffer>("charls_jpegls_decoder_decode_to_buffer");
        var message = library.Bind<GetErrorMessage>("charls_get_error_message");
        var version = library.TryBind<GetVersionString>("charls_get_version_string");
        if (library.FirstMissingExport is { } missing)
        {
            reason = $"{libraryName} has no function {missing}: CharLS 2.x is needed (Debian package libcharls2)";
            return null;
        }
        var versionText = version is null ? "2.x" : Marshal.PtrToStringUTF8(version()) ?? "2.x";
        return new CharLsNative(libraryName, versionText, create, destroy, setSource, readHeader, frameInfo, interleave,
            size, decode, message);
    }
}
