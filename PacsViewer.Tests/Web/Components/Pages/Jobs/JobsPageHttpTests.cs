using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Distribution;

namespace PacsViewer.Tests.Web.Components.Pages.Jobs;

/// <summary>/jobs and /admin/distribution over HTTP in the real app: who may open them, and job text rendered as text.</summary>
public sealed class JobsPageHttpTests(PacsViewerWebApplicationFactory factory) : IClassFixture<PacsViewerWebApplicationFactory>
{
    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/jobs")]
    [InlineData("/admin/distribution")]
    public async Task Get_SignedOut_RedirectsToLogin(string path)
    {
        using var client = NewClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData(AppSignIn.Clinician)]
    [InlineData(AppSignIn.Radiologist)]
    public async Task GetDistribution_NotAdmin_RedirectsToAccessDenied(string user)
    {
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, user);

        using var response = await client.GetAsync(new Uri("/admin/distribution", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task GetDistribution_Admin_ShowsEveryActionRow()
    {
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Admin);

        var html = await client.GetStringAsync(new Uri("/admin/distribution", UriKind.Relative));

        Assert.Contains("<title>Sending, exporting and uploading - PacsViewer</title>", html, StringComparison.Ordinal);
        foreach (var action in Enum.GetValues<DistributionAction>())
        {
            Assert.Contains($"data-action=\"{action}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GetJobs_ClinicianWithAJob_ListsItsOwnJobWithMarkupAsText()
    {
        var description = "Synthetic <b>export</b> " + Guid.NewGuid().ToString("N")[..6];
        // The app's runner takes the job at once (and fails it: nothing here can export): only the listing is under test.
        await factory.Services.GetRequiredService<ITransferJobQueue>().EnqueueAsync(new TransferJob
        {
            Kind = TransferJobKind.Export,
            CreatedBy = AppSignIn.Clinician,
            Description = description,
            PatientName = "DOE^<i>HTML</i>",
        });
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Clinician);

        using var response = await client.GetAsync(new Uri("/jobs", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Jobs - PacsViewer</title>", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(description), html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>export</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>HTML</i>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"job-state\"", html, StringComparison.Ordinal);
    }
}
