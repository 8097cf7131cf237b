using System.Runtime.InteropServices;

namespace PacsViewer.Core.Codecs.Jpeg2000;

/// <summary>
/// The part of the OpenJPEG 2.x C API (openjpeg.h) that decoding needs, bound from a loaded library. Codec, stream
/// and image objects are created and destroyed per call, so calls on different threads share nothing.
/// </summary>
internal sealed class OpenJpegNative
{
    /// <summary>OPJ_CODEC_FORMAT: OPJ_CODEC_J2K (a bare codestream) and OPJ_CODEC_JP2 (the JP2 file format).</summary>
    public const int CodecJ2k = 0;
    public const int CodecJp2 = 2;

    /// <summary>Bytes reserved for opj_dparameters_t (8252 bytes in OpenJPEG 2.5 on 64-bit Linux; room to spare).</summary>
    public const int DecoderParametersSize = 16384;

    private OpenJpegNative(string libraryName, string version) => (LibraryName, Version) = (libraryName, version);

    public string LibraryName { get; }

    /// <summary>opj_version, e.g. "2.5.0".</summary>
    public string Version { get; }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr CreateDecompress(int format);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void DestroyCodec(IntPtr codec);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void SetDefaultDecoderParameters(IntPtr parameters);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SetupDecoder(IntPtr codec, IntPtr parameters);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SetMessageHandler(IntPtr codec, IntPtr callback, IntPtr userData);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr StreamCreate(nuint bufferSize, int isInput);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void StreamDestroy(IntPtr stream);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void StreamSetFunction(IntPtr stream, IntPtr function);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void StreamSetUserData(IntPtr stream, IntPtr userData, IntPtr freeFunction);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void StreamSetUserDataLength(IntPtr stream, ulong length);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int ReadHeader(IntPtr stream, IntPtr codec, out IntPtr image);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int DecodeImage(IntPtr codec, IntPtr stream, IntPtr image);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int EndDecompress(IntPtr codec, IntPtr stream);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void ImageDestroy(IntPtr image);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GetVersion();

    public CreateDecompress OpjCreateDecompress { get; private set; } = null!;
    public DestroyCodec OpjDestroyCodec { get; private set; } = null!;
    public SetDefaultDecoderParameters OpjSetDefaultDecoderParameters { get; private set; } = null!;
    public SetupDecoder OpjSetupDecoder { get; private set; } = null!;
    public SetMessageHandler OpjSetErrorHandler { get; private set; } = null!;
    public SetMessageHandler OpjSetWarningHandler { get; private set; } = null!;
    public StreamCreate OpjStreamCreate { get; private set; } = null!;
    public StreamDestroy OpjStreamDestroy { get; private set; } = null!;
    public StreamSetFunction OpjStreamSetReadFunction { get; private set; } = null!;
    public StreamSetFunction OpjStreamSetSkipFunction { get; private set; } = null!;
    public StreamSetFunction OpjStreamSetSeekFunction { get; private set; } = null!;
    public StreamSetUserData OpjStreamSetUserData { get; private set; } = null!;
    public StreamSetUserDataLength OpjStreamSetUserDataLength { get; private set; } = null!;
    public ReadHeader OpjReadHeader { get; private set; } = null!;
    public DecodeImage OpjDecode { get; private set; } = null!;
    public EndDecompress OpjEndDecompress { get; private set; } = null!;
    public ImageDestroy OpjImageDestroy { get; private set; } = null!;

    /// <summary>Loads and binds the library, or says why it cannot be used.</summary>
    public static OpenJpegNative? TryLoad(string libraryName, out string? reason)
    {
        var library = NativeCodecLibrary.TryLoad(libraryName, "libopenjp2-7", out reason);
        if (library is null)
        {
            return null;
        }
        var versionFunction = library.TryBind<GetVersion>("opj_version");
        var version = versionFunction is null ? "2.x" : Marshal.PtrToStringUTF8(versionFunction()) ?? "2.x";
        var native = new OpenJpegNative(libraryName, version)
        {
            OpjCreateDecompress = library.Bind<CreateDecompress>("opj_create_decompress"),
            OpjDestroyCodec = library.Bind<DestroyCodec>("opj_destroy_codec"),
            OpjSetDefaultDecoderParameters = library.Bind<SetDefaultDecoderParameters>("opj_set_default_decoder_parameters"),
            OpjSetupDecoder = library.Bind<SetupDecoder>("opj_setup_decoder"),
            OpjSetErrorHandler = library.Bind<SetMessageHandler>("opj_set_error_handler"),
            OpjSetWarningHandler = library.Bind<SetMessageHandler>("opj_set_warning_handler"),
            OpjStreamCreate = library.Bind<StreamCreate>("opj_stream_create"),
            OpjStreamDestroy = library.Bind<StreamDestroy>("opj_stream_destroy"),
            OpjStreamSetReadFunction = library.Bind<StreamSetFunction>("opj_stream_set_read_function"),
            OpjStreamSetSkipFunction = library.Bind<StreamSetFunction>("opj_stream_set_skip_function"),
            OpjStreamSetSeekFunction = library.Bind<StreamSetFunction>("opj_stream_set_seek_function"),
            OpjStreamSetUserData = library.Bind<StreamSetUserData>("opj_stream_set_user_data"),
            OpjStreamSetUserDataLength = library.Bind<StreamSetUserDataLength>("opj_stream_set_user_data_length"),
            OpjReadHeader = library.Bind<ReadHeader>("opj_read_header"),
            OpjDecode = library.Bind<DecodeImage>("opj_decode"),
            OpjEndDecompress = library.Bind<EndDecompress>("opj_end_decompress"),
            OpjImageDestroy = library.Bind<ImageDestroy>("opj_image_destroy"),
        };
        if (library.FirstMissingExport is { } missing)
        {
            reason = $"{libraryName} has no function {missing}: OpenJPEG 2.x is needed (Debian package libopenjp2-7)";
            return null;
        }
        return native;
    }
}
