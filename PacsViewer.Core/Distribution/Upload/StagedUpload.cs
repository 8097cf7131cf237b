namespace PacsViewer.Core.Distribution.Upload;

/// <summary>
/// One uploaded file waiting for its job: the name shown for it (sanitized, never used as a path), where it was staged
/// (a server-generated name), its size; or, for a file refused while staging (a ZIP over its limits), no path and the
/// reason.
/// </summary>
public sealed record StagedUpload(string Label, string? StagedPath, long Bytes, string? Error = null);
