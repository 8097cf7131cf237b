using System.Runtime.InteropServices;

namespace PacsViewer.Core.Codecs;

/// <summary>
/// A native codec library loaded at run time with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>, so that a
/// missing library is a reason to report (decoder unavailable), never a <see cref="DllNotFoundException"/>.
/// Exports are bound to delegates once per load; nothing mutable is shared between calls.
/// </summary>
internal sealed class NativeCodecLibrary
{
    private readonly IntPtr _handle;

    private NativeCodecLibrary(string name, IntPtr handle)
    {
        Name = name;
        _handle = handle;
    }

    public string Name { get; }

    /// <summary>
    /// Loads <paramref name="libraryName"/>; on failure <paramref name="reason"/> says which Debian package provides it.
    /// The handle is never freed: the library stays loaded for the life of the process, like a DllImport.
    /// </summary>
    public static NativeCodecLibrary? TryLoad(string libraryName, string debianPackage, out string? reason)
    {
        if (NativeLibrary.TryLoad(libraryName, out var handle))
        {
            reason = null;
            return new NativeCodecLibrary(libraryName, handle);
        }
        reason = $"{libraryName} not found: install the Debian package {debianPackage}";
        return null;
    }

    /// <summary>The first export a <see cref="Bind{TDelegate}"/> call did not find, or null when all were found.</summary>
    public string? FirstMissingExport { get; private set; }

    /// <summary>
    /// The export as a delegate for binding a whole API at load time: a missing export is recorded in
    /// <see cref="FirstMissingExport"/> (the caller then reports the library as unusable) and null is returned.
    /// </summary>
    public TDelegate Bind<TDelegate>(string entryPoint) where TDelegate : Delegate
    {
        var bound = TryBind<TDelegate>(entryPoint);
        FirstMissingExport ??= bound is null ? entryPoint : null;
        return bound!;
    }

    /// <summary>The export <paramref name="entryPoint"/> as a delegate, or null when the library lacks it.</summary>
    public TDelegate? TryBind<TDelegate>(string entryPoint) where TDelegate : Delegate =>
        NativeLibrary.TryGetExport(_handle, entryPoint, out var address)
            ? Marshal.GetDelegateForFunctionPointer<TDelegate>(address)
            : null;
}
