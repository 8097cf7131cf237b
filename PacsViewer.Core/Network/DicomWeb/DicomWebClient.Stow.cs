using System.Net;
using System.Text.Json;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Dicom.IO.Json;

namespace PacsViewer.Core.Network.DicomWeb;

public sealed partial class DicomWebClient
{
    /// <summary>
    /// STOW-RS (PS3.18 10.5): stores instances. Each is written as a Part 10 file to a temporary file (its deferred
    /// values, such as pixel data read by range, copied in bounded blocks), which is then copied to the request while it
    /// is sent and deleted; so neither an object nor the request body is ever held whole in memory.
    /// <paramref name="studyInstanceUid"/> targets <c>studies/{uid}</c>; the server then refuses instances of other studies.
    /// </summary>
    public Task<StowResult> StoreAsync(IReadOnlyList<DicomFile> files, string? studyInstanceUid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var parts = files.Select(file => (Func<Stream, CancellationToken, Task>)(async (destination, ct) =>
        {
            var path = Path.Combine(Path.GetTempPath(), "pacsviewer-stow-" + Guid.NewGuid().ToString("N") + ".dcm");
            try
            {
                using (var spool = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
                {
                    DicomFileWriter.Write(spool, file, null, ct);
                }
                await CopyFileAsync(path, destination, ct).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(path);
            }
        })).ToArray();
        return StoreAsync(parts, studyInstanceUid, cancellationToken);
    }

    /// <summary>STOW-RS of Part 10 files on disk, each copied to the request as it is sent (never buffered).</summary>
    public Task<StowResult> StoreFilesAsync(IReadOnlyList<string> paths, string? studyInstanceUid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var parts = paths.Select(path => (Func<Stream, CancellationToken, Task>)(async (destination, ct) =>
        {
            await CopyFileAsync(path, destination, ct).ConfigureAwait(false);
        })).ToArray();
        return StoreAsync(parts, studyInstanceUid, cancellationToken);
    }

    private static async Task CopyFileAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(destination, 256 * 1024, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StowResult> StoreAsync(IReadOnlyList<Func<Stream, CancellationToken, Task>> parts, string? studyInstanceUid,
        CancellationToken cancellationToken)
    {
        var uri = Resolve(studyInstanceUid is null ? "studies" : $"studies/{Segment(studyInstanceUid, nameof(studyInstanceUid))}");
        using var content = new MultipartRelatedContent(DicomWebMediaTypes.Dicom, parts);
        // PS3.18 10.5.3: 200 all stored, 202 some stored (or with warnings), 409 none stored; all carry the response dataset.
        using var response = await SendAsync(HttpMethod.Post, uri, DicomWebMediaTypes.DicomJson, content, cancellationToken, HttpStatusCode.Conflict)
            .ConfigureAwait(false);
        var body = await OpenBodyAsync(response, _options.MaxJsonBytes, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadBoundedAsync(body, _options.MaxJsonBytes, HttpMethod.Post, uri, response.StatusCode, cancellationToken).ConfigureAwait(false);
        var dataset = ParseStowResponse(bytes, uri, response.StatusCode);
        var stored = dataset.GetSequence(DicomTags.ReferencedSOPSequence)
            .Select(i => i.GetFirstString(DicomTags.ReferencedSOPInstanceUID)).OfType<string>().ToArray();
        var failed = dataset.GetSequence(DicomTags.FailedSOPSequence)
            .Select(i => new StowFailure(i.GetFirstString(DicomTags.ReferencedSOPInstanceUID),
                i.TryGetInt32(DicomTags.FailureReason, out var reason) ? reason : null)).ToArray();
        if (response.StatusCode == HttpStatusCode.Conflict && failed.Length == 0)
        {
            throw Fail(HttpMethod.Post, uri, response.StatusCode, "the server stored nothing and named no failed instance");
        }
        return new StowResult((int)response.StatusCode, dataset, stored, failed);
    }

    private static DicomDataset ParseStowResponse(byte[] bytes, Uri uri, HttpStatusCode status)
    {
        if (bytes.Length == 0)
        {
            return DicomDataset.Empty;
        }
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = JsonOptions.MaxDepth });
            var root = document.RootElement;
            // The response is one DICOM JSON object; some servers wrap it in an array (PS3.18 F.2 model form).
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() != 1)
                {
                    throw Fail(HttpMethod.Post, uri, status, $"the response is an array of {root.GetArrayLength()} datasets, not one");
                }
                root = root[0];
            }
            return DicomJsonReader.Read(root);
        }
        catch (JsonException e)
        {
            throw Fail(HttpMethod.Post, uri, status, $"the response is not valid JSON: {e.Message}", e);
        }
        catch (DicomFormatException e)
        {
            throw Fail(HttpMethod.Post, uri, status, $"the response is malformed DICOM JSON: {e.Message}", e);
        }
    }
}
