using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace PacsViewer.Core.Codecs.Jpeg2000;

/// <summary>
/// The state behind one opj_stream_t reading from managed memory: a pooled copy of the frame's bytes, the read
/// position and the library's error messages. OpenJPEG reaches it through a <see cref="GCHandle"/> passed as user
/// data; the callbacks are static delegates (alive for the process) that hold no state of their own.
/// </summary>
internal sealed class OpenJpegMemoryStream : IDisposable
{
    private const int MaxMessageChars = 2000;

    // Kept in static fields so the delegates (and their native thunks) are never collected while OpenJPEG holds them.
    private static readonly ReadCallback ReadDelegate = Read;
    private static readonly SkipCallback SkipDelegate = Skip;
    private static readonly SeekCallback SeekDelegate = Seek;
    private static readonly MessageCallback ErrorDelegate = Error;
    private static readonly MessageCallback IgnoreDelegate = Ignore;

    public static readonly IntPtr ReadFunction = Marshal.GetFunctionPointerForDelegate(ReadDelegate);
    public static readonly IntPtr SkipFunction = Marshal.GetFunctionPointerForDelegate(SkipDelegate);
    public static readonly IntPtr SeekFunction = Marshal.GetFunctionPointerForDelegate(SeekDelegate);
    public static readonly IntPtr ErrorFunction = Marshal.GetFunctionPointerForDelegate(ErrorDelegate);
    public static readonly IntPtr IgnoreFunction = Marshal.GetFunctionPointerForDelegate(IgnoreDelegate);

    private readonly byte[] _data;
    private readonly int _length;
    private readonly StringBuilder _errors = new();
    private long _position;
    private GCHandle _handle;

    public OpenJpegMemoryStream(ReadOnlySpan<byte> data)
    {
        _data = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(_data);
        _length = data.Length;
        _handle = GCHandle.Alloc(this);
    }

    public int Length => _length;

    /// <summary>The value OpenJPEG passes back to the callbacks.</summary>
    public IntPtr UserData => GCHandle.ToIntPtr(_handle);

    /// <summary>The error messages OpenJPEG reported, joined.</summary>
    public string Errors => _errors.Length == 0 ? "no message from OpenJPEG" : _errors.ToString().Trim();

    public void Dispose()
    {
        if (_handle.IsAllocated)
        {
            _handle.Free();
            ArrayPool<byte>.Shared.Return(_data);
        }
    }

    // OPJ_SIZE_T (*opj_stream_read_fn)(void* p_buffer, OPJ_SIZE_T p_nb_bytes, void* p_user_data)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate nuint ReadCallback(IntPtr buffer, nuint count, IntPtr userData);

    // OPJ_OFF_T (*opj_stream_skip_fn)(OPJ_OFF_T p_nb_bytes, void* p_user_data)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate long SkipCallback(long count, IntPtr userData);

    // OPJ_BOOL (*opj_stream_seek_fn)(OPJ_OFF_T p_nb_bytes, void* p_user_data)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SeekCallback(long position, IntPtr userData);

    // void (*opj_msg_callback)(const char* msg, void* client_data)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void MessageCallback(IntPtr message, IntPtr userData);

    private static OpenJpegMemoryStream? From(IntPtr userData) =>
        userData == IntPtr.Zero ? null : GCHandle.FromIntPtr(userData).Target as OpenJpegMemoryStream;

    // Callbacks never let an exception cross into native code: a failure is reported as end of data.
    private static nuint Read(IntPtr buffer, nuint count, IntPtr userData)
    {
        try
        {
            var s = From(userData);
            if (s is null || buffer == IntPtr.Zero || s._position >= s._length)
            {
                return nuint.MaxValue; // (OPJ_SIZE_T)-1: end of stream
            }
            var n = (int)Math.Min((ulong)count, (ulong)(s._length - s._position));
            Marshal.Copy(s._data, (int)s._position, buffer, n);
            s._position += n;
            return (nuint)n;
        }
        catch (Exception)
        {
            return nuint.MaxValue;
        }
    }

    private static long Skip(long count, IntPtr userData)
    {
        try
        {
            var s = From(userData);
            if (s is null)
            {
                return -1;
            }
            var target = Math.Clamp(s._position + count, 0, s._length);
            var skipped = target - s._position;
            s._position = target;
            return skipped;
        }
        catch (Exception)
        {
            return -1;
        }
    }

    private static int Seek(long position, IntPtr userData)
    {
        try
        {
            var s = From(userData);
            if (s is null || position < 0 || position > s._length)
            {
                return 0;
            }
            s._position = position;
            return 1;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    private static void Error(IntPtr message, IntPtr userData)
    {
        try
        {
            var s = From(userData);
            if (s is not null && message != IntPtr.Zero && s._errors.Length < MaxMessageChars)
            {
                s._errors.Append(Marshal.PtrToStringUTF8(message)?.Trim()).Append("; ");
            }
        }
        catch (Exception)
        {
            // Nothing sensible to do inside a native callback.
        }
    }

    private static void Ignore(IntPtr message, IntPtr userData)
    {
    }
}
