namespace PacsViewer.Core.Storage;

/// <summary>The free and total bytes of the filesystem holding <see cref="Path"/>.</summary>
public sealed record DiskSpace(string Path, long FreeBytes, long TotalBytes);
