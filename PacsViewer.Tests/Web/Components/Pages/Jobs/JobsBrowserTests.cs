using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Distribution;
using PacsViewer.Tests.Core.Distribution;
using PacsViewer.Tests.Web.Viewer;

namespace PacsViewer.Tests.Web.Components.Pages.Jobs;

/// <summary>
/// A radiologist signed in to the real app (Kestrel, headless Chromium) watches a job of theirs run on /jobs: queued
/// with the test handler registered in the app, its progress shows while it runs, then Succeeded.
/// </summary>
[Trait("Category", "Browser")]
public sealed class JobsBrowserTests : IAsyncLifetime
{
    private readonly TestJobHandler _handler = new() { BlockAt = "3" };
    private readonly KestrelWebApplicationFactory _factory;
    private HeadlessChromium? _chromium;
    private Uri _baseAddress = null!;

    public JobsBrowserTests() =>
        _factory = new KestrelWebApplicationFactory { ConfigureTestServices = s => s.AddSingleton<ITransferJobHandler>(_handler) };

    public async Task InitializeAsync()
    {
        _baseAddress = _factory.Start();
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        _handler.Release.TrySetResult();
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task JobsPage_QueuedJobRuns_ShowsProgressThenSucceeded()
    {
        var page = await _chromium!.NewPageAsync(_baseAddress);
        await AppSignIn.SignInAsync(page, _baseAddress, AppSignIn.Radiologist, "/jobs");
        await page.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.GetByTestId("jobs-empty")).ToBeVisibleAsync();

        var id = await _factory.Services.GetRequiredService<ITransferJobQueue>().EnqueueAsync(new TransferJob
        {
            Kind = TransferJobKind.Send,
            CreatedBy = AppSignIn.Radiologist,
            SourceName = "archive",
            StudyInstanceUid = "2.25.4242",
            Description = "Browser test job",
            Destination = "ORTHANC",
            ParametersJson = JsonSerializer.Serialize(new TestJobParameters(3, 1024), new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        });

        var row = page.Locator("[data-testid=jobs-table] tbody tr").Filter(new() { HasText = "Browser test job" });
        await _handler.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Assertions.Expect(row.GetByTestId("job-state")).ToHaveAttributeAsync("data-state", "Running");
        await Assertions.Expect(row.GetByTestId("job-progress-text")).ToContainTextAsync("2 / 3 objects · 2 KB of 3 KB");

        _handler.Release.TrySetResult();
        await Assertions.Expect(row.GetByTestId("job-state")).ToHaveAttributeAsync("data-state", "Succeeded");
        await Assertions.Expect(row.GetByTestId("job-progress-text")).ToContainTextAsync("3 / 3 objects · 3 KB of 3 KB");
        await Assertions.Expect(row.GetByTestId("job-progress")).ToHaveAttributeAsync("data-value", "100");
        Assert.Equal(TransferJobState.Succeeded, (await _factory.Services.GetRequiredService<TransferJobService>()
            .GetAsync(id, new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, AppSignIn.Radiologist)], "test"))))!.State);
    }
}
