using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PacsViewer.Tests.Web.Upload;

/// <summary>A signed-in HTTP client of the upload API: the Upload page's token, multipart posts, and waiting for the job's end.</summary>
internal sealed partial class UploadClient(HttpClient client)
{
    public HttpClient Http { get; } = client;

    public static async Task<UploadClient> SignInAsync(PacsViewerWebApplicationFactory factory, string user)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await AppSignIn.SignInAsync(client, user);
        return new UploadClient(client);
    }

    /// <summary>The antiforgery token the Upload page gives its drop zone.</summary>
    public async Task<string> TokenAsync()
    {
        var html = await Http.GetStringAsync(new Uri("/upload", UriKind.Relative));
        var match = DataToken().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("the upload page has no token");
    }

    public async Task<HttpResponseMessage> PostAsync(string destination, IEnumerable<(string Name, byte[] Bytes)> files, string? token = null)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "files", name);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/uploads?destination={Uri.EscapeDataString(destination)}", UriKind.Relative))
        {
            Content = content,
        };
        if (token is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
        }
        return await Http.SendAsync(request);
    }

    /// <summary>Posts with the page's token and returns the queued job's id (fails unless 202).</summary>
    public async Task<long> UploadAsync(string destination, params (string Name, byte[] Bytes)[] files)
    {
        using var response = await PostAsync(destination, files, await TokenAsync());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("jobId").GetInt64();
    }

    /// <summary>The job's status once it is final (the job runner works in the background; bounded wait).</summary>
    public async Task<JsonElement> FinishedAsync(long jobId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var status = await Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/uploads/{jobId}", UriKind.Relative));
            if (status.GetProperty("finished").GetBoolean())
            {
                return status;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"upload job {jobId} is still {status.GetProperty("state").GetString()}");
            }
            await Task.Delay(100);
        }
    }

    [GeneratedRegex("data-token=\"([^\"]+)\"")]
    private static partial Regex DataToken();
}
