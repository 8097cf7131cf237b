namespace PacsViewer.Core.Archive.Local;

/// <summary>Counts of an import, and the files that were not stored (duplicates and rejections), in walk order.</summary>
public sealed record ArchiveImportSummary(int Stored, int Duplicates, int Rejected, int Skipped, IReadOnlyList<ArchiveStoreResult> Problems)
{
    public int Total => Stored + Duplicates + Rejected + Skipped;
}
