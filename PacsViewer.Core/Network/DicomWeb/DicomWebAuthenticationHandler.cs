using System.Net.Http.Headers;
using System.Text;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// Adds the Authorization header of one DICOMweb source to every request: HTTP Basic (RFC 7617) from a user name and
/// password, or a Bearer token (RFC 6750). The credentials are held here only; nothing is logged.
/// </summary>
public sealed class DicomWebAuthenticationHandler : DelegatingHandler
{
    private readonly AuthenticationHeaderValue? _authorization;

    public DicomWebAuthenticationHandler(string? userName, string? password, string? bearerToken)
    {
        if (!string.IsNullOrEmpty(bearerToken))
        {
            if (!string.IsNullOrEmpty(userName))
            {
                throw new ArgumentException("give either a user name and password or a bearer token, not both");
            }
            _authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
        else if (!string.IsNullOrEmpty(userName))
        {
            if (userName.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException("a Basic authentication user name cannot contain ':' (RFC 7617 2)", nameof(userName));
            }
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}"));
            _authorization = new AuthenticationHeaderValue("Basic", token);
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_authorization is not null)
        {
            request.Headers.Authorization = _authorization;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
