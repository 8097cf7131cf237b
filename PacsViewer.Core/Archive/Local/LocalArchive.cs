using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Local;

/// <summary>
/// The built-in archive: a folder of Part 10 files plus an index in the app's database. Files get names the
/// archive makes (never a UID or a path from the data), under <c>objects/</c>; each is written to <c>tmp/</c> on
/// the same filesystem, flushed to disk and renamed into place before it is indexed, so a crash never leaves a
/// half-written file in the index. A second object with a SOP Instance UID already stored is reported as a
/// <see cref="ArchiveStoreOutcome.Duplicate"/> and the stored one is kept.
/// </summary>
/// <remarks>Storing is in LocalArchive.Store.cs, importing in LocalArchive.Import.cs, queries in LocalArchive.Query.cs.</remarks>
public sealed partial class LocalArchive : IStudySource, IDisposable
{
    /// <summary>Values at least this long stay in the file and are read by range (pixel data, large overlays).</summary>
    private const long DeferThreshold = 64 * 1024;

    private readonly ArchiveDatabase _database;
    private readonly ArchiveOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Serialises index updates of this process (find-or-create of study and series rows).</summary>
    private readonly SemaphoreSlim _indexLock = new(1, 1);

    public LocalArchive(ArchiveDatabase database, ArchiveOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        _database = database;
        _options = options;
        _time = time ?? TimeProvider.System;
        RootPath = Path.GetFullPath(options.Path);
        ObjectsPath = Path.Combine(RootPath, "objects");
        IncomingPath = Path.Combine(RootPath, "incoming");
        TempPath = Path.Combine(RootPath, "tmp");
    }

    public string Id => _options.SourceId;

    /// <summary>The archive's root folder (absolute).</summary>
    public string RootPath { get; }

    /// <summary>
    /// Where a receiver writes objects durably before handing them to <see cref="AddIncomingFileAsync"/>; on the
    /// same filesystem as the stored objects, so the hand-over is a rename.
    /// </summary>
    public string IncomingPath { get; }

    internal string ObjectsPath { get; }

    internal string TempPath { get; }

    internal ArchiveDatabase Database => _database;

    /// <summary>Creates the folders and applies the index migrations. Idempotent; call once at start-up.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(ObjectsPath);
        Directory.CreateDirectory(IncomingPath);
        Directory.CreateDirectory(TempPath);
        await _database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<DicomFile> GetInstanceAsync(InstanceKey key, CancellationToken cancellationToken = default)
    {
        var path = await FindFileAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new StudyObjectNotFoundException(Id, $"instance {key.SopInstanceUid} of series {key.SeriesInstanceUid} is not in the archive");
        return await ReadStoredAsync(path, new DicomReaderOptions { DeferValuesLargerThan = DeferThreshold }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _indexLock.Dispose();

    private async Task<DicomFile> ReadStoredAsync(string relativePath, DicomReaderOptions options, CancellationToken cancellationToken)
    {
        var full = Path.Combine(RootPath, relativePath);
        try
        {
            return await Task.Run(() => DicomFile.Open(full, options, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Dicom.DicomFormatException)
        {
            throw new StudySourceException(Id, $"the stored file {relativePath} cannot be read: {e.Message}", e);
        }
    }
}
