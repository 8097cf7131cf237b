using Microsoft.Playwright;
using PacsViewer.Tests.Web.Viewer;

namespace PacsViewer.Tests.Web.Components.Pages.Admin;

/// <summary>
/// An admin in headless Chromium against the real app creates a clinician on /admin/users; the clinician signs in,
/// is held at the password page, chooses a new password and reaches the patients page.
/// </summary>
[Trait("Category", "Browser")]
public sealed class UsersBrowserTests : IAsyncLifetime
{
    private readonly KestrelWebApplicationFactory _factory = new();
    private HeadlessChromium? _chromium;
    private Uri _baseAddress = null!;

    public async Task InitializeAsync()
    {
        _baseAddress = _factory.Start();
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        await _factory.DisposeAsync();
    }

    /// <summary>A MudBlazor input by test id (the attribute lands on the input or on its wrapper).</summary>
    private static string Input(string testId) => $"[data-testid={testId}] input, input[data-testid={testId}]";

    [Fact]
    public async Task Admin_CreatesClinician_ClinicianSignsInChangesPasswordAndReachesPatients()
    {
        var admin = await _chromium!.NewPageAsync(_baseAddress);
        await AppSignIn.SignInAsync(admin, _baseAddress, AppSignIn.Admin, "/admin/users");
        await admin.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await admin.Locator(Input("new-username")).FillAsync("wardnurse");
        await admin.Locator(Input("new-displayname")).FillAsync("Ward Clinician");
        await admin.Locator(Input("new-password")).FillAsync("Initial-Password-5");
        await admin.Locator(Input("new-role-Clinician")).CheckAsync();
        await admin.GetByTestId("create-user").ClickAsync();

        var row = admin.Locator("[data-testid=user-row][data-user=wardnurse]");
        await Assertions.Expect(row.GetByTestId("user-roles")).ToHaveTextAsync("Clinician");
        await Assertions.Expect(row.GetByTestId("user-state")).ToHaveTextAsync("Must change password");

        var clinician = await _chromium.NewPageAsync(_baseAddress);
        await clinician.GotoAsync("/account/login?returnUrl=%2Fpatients");
        await clinician.GetByTestId("login-username").FillAsync("wardnurse");
        await clinician.GetByTestId("login-password").FillAsync("Initial-Password-5");
        await clinician.GetByTestId("login-submit").ClickAsync();
        await clinician.WaitForURLAsync(new Uri(_baseAddress, "account/password?returnUrl=%2Fpatients").ToString());
        await Assertions.Expect(clinician.GetByTestId("password-required")).ToBeVisibleAsync();
        await clinician.GetByTestId("password-current").FillAsync("Initial-Password-5");
        await clinician.GetByTestId("password-new").FillAsync("Chosen-Password-66");
        await clinician.GetByTestId("password-confirm").FillAsync("Chosen-Password-66");
        await clinician.GetByTestId("password-submit").ClickAsync();

        await clinician.WaitForURLAsync(new Uri(_baseAddress, "patients").ToString());
        await Assertions.Expect(clinician.GetByTestId("patient-search-button")).ToBeVisibleAsync();
    }
}
