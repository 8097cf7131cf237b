using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PacsViewer.Core.Security;

namespace PacsViewer.Tests.Web;

/// <summary>
/// Signs a demo user in through the real login page (/account/login), over HTTP or in a browser, as a user would.
/// The test app runs in Development, so the demo users exist with <see cref="DemoUserOptions.DefaultPassword"/>.
/// </summary>
internal static partial class AppSignIn
{
    public const string Radiologist = "radiologist";
    public const string Radiologist2 = "radiologist2";
    public const string Clinician = "clinician";
    public const string Admin = "admin";

    /// <summary>Posts the login form with its antiforgery token; the client keeps the cookie. Returns the response (a redirect on success).</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password = DemoUserOptions.DefaultPassword, string? returnUrl = null)
    {
        var loginPath = returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var form = await client.GetStringAsync(new Uri(loginPath, UriKind.Relative));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryTokenIn(form),
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri(loginPath, UriKind.Relative), content);
    }

    /// <summary>Signs in and fails unless the login page redirected away (followed by the client or not).</summary>
    public static async Task SignInAsync(HttpClient client, string userName, string password = DemoUserOptions.DefaultPassword)
    {
        using var response = await PostLoginAsync(client, userName, password);
        var followedAway = response.StatusCode == HttpStatusCode.OK && response.RequestMessage?.RequestUri?.AbsolutePath != "/account/login";
        if (response.StatusCode != HttpStatusCode.Redirect && !followedAway)
        {
            throw new InvalidOperationException($"sign-in of {userName} answered {(int)response.StatusCode}, not a redirect");
        }
    }

    /// <summary>Signs in through the login page in the browser and waits until it has gone to <paramref name="returnUrl"/>.</summary>
    public static async Task SignInAsync(IPage page, Uri baseAddress, string userName, string returnUrl = "/", string password = DemoUserOptions.DefaultPassword)
    {
        await page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByTestId("login-username").FillAsync(userName);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(new Uri(baseAddress, returnUrl.TrimStart('/')).ToString());
    }

    /// <summary>The antiforgery token of the first form in <paramref name="html"/> (a page rendered by the app).</summary>
    public static string AntiforgeryTokenIn(string html)
    {
        var token = AntiforgeryToken().Match(html);
        return token.Success
            ? WebUtility.HtmlDecode(token.Groups[1].Value)
            : throw new InvalidOperationException("the page has no antiforgery token");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
