using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
using PacsViewer.Core.Imaging.Rendering;

namespace PacsViewer.Web.Endpoints;

/// <summary>
/// Validators of rendered images: a strong ETag hashed from the source, the SOP Instance UID and the render key's
/// canonical string (SOP instances never change, so equal inputs are equal bytes), and a private cache lifetime.
/// </summary>
internal static class FrameCaching
{
    /// <summary>How long the browser may reuse a rendered image without asking (RFC 9111 5.2.2.1).</summary>
    public const int MaxAgeSeconds = 3600;

    /// <summary>The quoted strong ETag of one render.</summary>
    public static string ETag(string source, string sopInstanceUid, RenderKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\n{sopInstanceUid}\n{key.ToCanonicalString()}"));
        return "\"" + Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "\"";
    }

    /// <summary>True when the request's If-None-Match holds <paramref name="etag"/> or * (RFC 9110 13.1.2).</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null)
            {
                continue;
            }
            if (EntityTagHeaderValue.TryParseList([value], out var tags))
            {
                foreach (var tag in tags)
                {
                    // Weak comparison, as If-None-Match requires.
                    if (tag.Equals(EntityTagHeaderValue.Any) || string.Equals(tag.Tag.Value, etag, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>Sets ETag and Cache-Control on the response.</summary>
    public static void SetValidators(HttpResponse response, string etag)
    {
        response.Headers.ETag = etag;
        response.Headers.CacheControl = $"private, max-age={MaxAgeSeconds}";
    }

    /// <summary>304 with the validators when the client has this render, else null.</summary>
    public static IResult? NotModified(HttpContext context, string etag)
    {
        if (!Matches(context.Request, etag))
        {
            return null;
        }
        SetValidators(context.Response, etag);
        return Results.StatusCode(StatusCodes.Status304NotModified);
    }
}
