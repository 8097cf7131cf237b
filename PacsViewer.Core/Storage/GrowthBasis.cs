namespace PacsViewer.Core.Storage;

/// <summary>Where a growth figure comes from.</summary>
public enum GrowthBasis
{
    /// <summary>Now minus the last <see cref="StorageSample"/> taken at or before the window's start (net: deletions count).</summary>
    Samples,

    /// <summary>No sample that old: what the archive received in the window (its instances' receive times).</summary>
    ReceivedDates,
}
