using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Upload;
using PacsViewer.Core.Security;

namespace PacsViewer.Web.Endpoints;

/// <summary>
/// Browser uploads (issue 8): <c>POST /api/uploads?destination=ID</c> takes <c>multipart/form-data</c> with one or more
/// file parts (DICOM files or ZIPs), streamed part by part to the staging folder (never whole in memory), then queues
/// one Upload job and answers 202 with its id; <c>GET /api/uploads/{id}</c> gives the job with each file's outcome.
/// The POST needs the Upload permission (<see cref="IDistributionPermissions"/>, 403 otherwise) and the page's
/// antiforgery token in the <c>RequestVerificationToken</c> header (400 otherwise; a header, so the token is checked
/// before the body is read). Over a limit of <c>Distribution:Upload:*</c>: 413 saying which.
/// </summary>
internal static class UploadEndpoints
{
    /// <summary>Bytes allowed beyond <see cref="UploadOptions.MaxTotalBytes"/> for the multipart framing (per file and in all).</summary>
    private const long FramingBytesPerFile = 1024;
    private const long FramingBytes = 1024 * 1024;

    public static RouteGroupBuilder MapUploadEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/uploads", UploadAsync).DisableAntiforgery(); // checked below from the header, before the body is read
        api.MapGet("/uploads/{id:long}", GetAsync);
        return api;
    }

    private static async Task<IResult> UploadAsync(HttpContext http, UploadService uploads, IDistributionPermissions permissions, IAntiforgery antiforgery,
        string? destination)
    {
        var cancellationToken = http.RequestAborted;
        if (!await permissions.IsAllowedAsync(http.User, DistributionAction.Upload, cancellationToken).ConfigureAwait(false))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Uploading is not allowed",
                detail: "Your role may not upload studies; an admin sets who may (Admin > Distribution permissions).");
        }
        try
        {
            await antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token",
                detail: "Upload from the app's Upload page (the request needs the page's token in the RequestVerificationToken header).");
        }
        if (string.IsNullOrEmpty(destination) || !uploads.IsDestination(destination))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown destination",
                detail: $"'{destination}' is not a study source uploads may go to; pick the built-in archive or a configured PACS.",
                extensions: new Dictionary<string, object?> { ["parameter"] = "destination" });
        }
        var boundary = Boundary(http.Request.ContentType);
        if (boundary is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the files as multipart/form-data",
                detail: "The body must be multipart/form-data with one part per file.");
        }
        var options = uploads.Options;
        var limit = options.MaxTotalBytes + (options.MaxFiles * FramingBytesPerFile) + FramingBytes;
        if (http.Request.ContentLength > limit)
        {
            return TooLarge($"The upload is larger than the limit of {options.MaxTotalBytes} bytes; send it in several uploads.");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        using var batch = uploads.Begin();
        try
        {
            // No per-part limit of the reader's own: the batch counts each file's bytes and names the file over the limit.
            var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = null };
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                {
                    continue; // a plain form field
                }
                var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value;
                await batch.AddAsync(section.Body, HeaderUtilities.RemoveQuotes(name).Value, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (UploadLimitException e)
        {
            return TooLarge(e.Message);
        }
        catch (InvalidDataException e) when (e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge($"A file is larger than the limit of {options.MaxFileBytes} bytes per file.");
        }
        catch (InvalidDataException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed upload", detail: $"The multipart body cannot be read: {e.Message}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge($"The upload is larger than the limit of {options.MaxTotalBytes} bytes; send it in several uploads.");
        }
        if (batch.Files.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No files", detail: "The upload holds no file part.");
        }
        var userName = http.User.Identity?.Name ?? "unknown";
        var jobId = await uploads.QueueAsync(batch, destination, userName, cancellationToken).ConfigureAwait(false);
        var location = string.Create(CultureInfo.InvariantCulture, $"/api/uploads/{jobId}");
        return Results.Accepted(location, new UploadAccepted(jobId, batch.Files.Count, destination));
    }

    private static async Task<IResult> GetAsync(long id, HttpContext http, UploadService uploads)
    {
        var view = await uploads.GetAsync(id, http.RequestAborted).ConfigureAwait(false);
        // Someone else's upload is not found rather than forbidden: job ids are not secrets, but they tell nothing either.
        if (view is null || (!string.Equals(view.Job.CreatedBy, http.User.Identity?.Name, StringComparison.Ordinal) && !http.User.IsInRole(PacsRoles.Admin)))
        {
            return ApiProblems.NotFound("No such upload", $"There is no upload {id} of yours.");
        }
        var job = view.Job;
        return Results.Ok(new UploadStatus(job.Id, job.State.ToString(), job.Destination, view.IsFinished, job.TotalObjects, job.DoneObjects,
            job.FailedObjects, job.LastError,
            view.Items.Select(i => new UploadItemStatus(i.Label, i.State.ToString(), i.Error, i.Bytes)).ToList()));
    }

    private static IResult TooLarge(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large", detail: detail);

    private static string? Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !string.Equals(media.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200 ? null : boundary;
    }

    /// <summary>202's body: the job that will store the files.</summary>
    internal sealed record UploadAccepted(long JobId, int Files, string Destination);

    internal sealed record UploadStatus(long Id, string State, string? Destination, bool Finished, int Total, int Done, int Failed, string? LastError,
        IReadOnlyList<UploadItemStatus> Items);

    internal sealed record UploadItemStatus(string? Label, string State, string? Error, long Bytes);
}
