using PacsViewer.Core.Archive.Local;

namespace PacsViewer.Core.Archive.Demo;

/// <summary>Fills an empty built-in archive with the generated demo studies; does nothing when it holds any study.</summary>
public static class DemoSeeder
{
    /// <summary>
    /// Seeds <paramref name="archive"/> unless it already has studies. Returns the number of objects stored
    /// (0 when skipped). Objects are made and stored one at a time.
    /// </summary>
    public static async Task<int> SeedIfEmptyAsync(LocalArchive archive, DemoStudyGenerator generator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(generator);
        if (await archive.HasStudiesAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }
        var stored = 0;
        foreach (var file in generator.GenerateAll(cancellationToken))
        {
            var result = await archive.AddAsync(file, cancellationToken).ConfigureAwait(false);
            if (result.Outcome != ArchiveStoreOutcome.Stored)
            {
                throw new StudySourceException(archive.Id, $"a demo object was not stored: {result}");
            }
            stored++;
        }
        return stored;
    }
}
