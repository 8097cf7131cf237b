using System.CommandLine;
using System.Net;
using PacsViewer.Core.Network.DicomWeb;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// The DICOMweb side of the network verbs: the credential options (<c>--user</c>/<c>--password</c> for HTTP Basic,
/// <c>--token</c> for Bearer; when absent, the environment variables <c>PACS_USER</c>, <c>PACS_PASSWORD</c> and
/// <c>PACS_TOKEN</c>, so secrets need not be on the command line) and the HttpClient built from them. Values read from
/// the environment are never shown in help or output.
/// </summary>
internal sealed class DicomWebConnection
{
    public const string UserVariable = "PACS_USER";
    public const string PasswordVariable = "PACS_PASSWORD";
    public const string TokenVariable = "PACS_TOKEN";

    public Option<string?> User { get; } = new("--user") { Description = $"DICOMweb: HTTP Basic user name (default: ${UserVariable})." };

    public Option<string?> Password { get; } = new("--password") { Description = $"DICOMweb: HTTP Basic password (default: ${PasswordVariable}; prefer the variable)." };

    public Option<string?> Token { get; } = new("--token") { Description = $"DICOMweb: Bearer token (default: ${TokenVariable}; prefer the variable)." };

    public void AddTo(Command command)
    {
        command.Options.Add(User);
        command.Options.Add(Password);
        command.Options.Add(Token);
    }

    /// <summary>
    /// An HttpClient on <paramref name="root"/> with the credentials and timeouts (connection and response headers:
    /// <paramref name="timeoutSeconds"/>; each wait for body bytes: the same). Dispose the returned client.
    /// </summary>
    public HttpClient CreateHttpClient(ParseResult parse, Uri root, int timeoutSeconds)
    {
        var user = parse.GetValue(User) ?? Environment.GetEnvironmentVariable(UserVariable);
        var password = parse.GetValue(Password) ?? Environment.GetEnvironmentVariable(PasswordVariable);
        var token = parse.GetValue(Token) ?? Environment.GetEnvironmentVariable(TokenVariable);
        if (!string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(user))
        {
            // Both may come from the environment; the command line wins over it.
            if (parse.GetValue(Token) is not null && parse.GetValue(User) is null)
            {
                user = null;
            }
            else if (parse.GetValue(User) is not null && parse.GetValue(Token) is null)
            {
                token = null;
            }
        }
        var timeout = TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds));
        var sockets = new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false, // credentials never follow a redirect to another host
        };
        var authentication = new DicomWebAuthenticationHandler(user, password, token) { InnerHandler = sockets };
        return new HttpClient(authentication, disposeHandler: true) { BaseAddress = root, Timeout = timeout };
    }

    public static DicomWebClient Client(HttpClient http, int timeoutSeconds) =>
        new(http, new DicomWebClientOptions { BodyIdleTimeout = TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds)) });
}
