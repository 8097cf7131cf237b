namespace PacsViewer.Core.Distribution.Export;

/// <summary>
/// What became of one object of an export: Done (with its bytes in the ZIP, and a warning when it was flagged for
/// burned-in annotation but included), Skipped (flagged, <see cref="Message"/> says why) or Failed (not readable).
/// </summary>
public sealed record ExportItemResult(ExportInstance Instance, TransferItemState State, long Bytes, string? Message);
