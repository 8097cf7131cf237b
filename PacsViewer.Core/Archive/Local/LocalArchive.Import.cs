namespace PacsViewer.Core.Archive.Local;

public sealed partial class LocalArchive
{
    /// <summary>
    /// Imports every file under <paramref name="directory"/> (recursively, in name order; symbolic links are not
    /// followed). Each file is copied in and indexed on its own, so one bad file never stops the rest: its outcome
    /// is reported and nothing of it is kept. A DICOMDIR is skipped: the files it refers to are in the walk.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public async Task<ArchiveImportSummary> ImportDirectoryAsync(string directory, IProgress<ArchiveStoreResult>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"{directory} is not a directory");
        }
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };
        var files = Directory.EnumerateFiles(root, "*", options)
            .Where(f => !Dicom.IO.DicomDir.FileIdResolver.IsUnder(f, RootPath))
            .Order(StringComparer.Ordinal)
            .ToList();
        int stored = 0, duplicates = 0, rejected = 0, skipped = 0;
        var problems = new List<ArchiveStoreResult>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await AddFileAsync(file, cancellationToken).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case ArchiveStoreOutcome.Stored: stored++; break;
                case ArchiveStoreOutcome.Duplicate: duplicates++; break;
                case ArchiveStoreOutcome.Rejected: rejected++; break;
                default: skipped++; break;
            }
            if (result.Outcome != ArchiveStoreOutcome.Stored)
            {
                problems.Add(result);
            }
            progress?.Report(result);
        }
        return new ArchiveImportSummary(stored, duplicates, rejected, skipped, problems);
    }
}
