namespace PacsViewer.Core.Storage;

/// <summary>
/// How one area/source/modality changed over <see cref="Window"/> (24 h, 7 days, 30 days): objects and bytes added
/// (negative when more went than came), measured from <see cref="Since"/>.
/// </summary>
public sealed record StorageGrowth(StorageArea Area, string SourceName, string Modality, TimeSpan Window, long Objects, long Bytes,
    GrowthBasis Basis, DateTimeOffset Since);
