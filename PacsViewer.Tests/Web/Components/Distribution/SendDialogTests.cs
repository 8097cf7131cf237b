using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Send;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Security;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Core.Distribution.Send;
using PacsViewer.Tests.Web.Distribution;
using PacsViewer.Web.Components.Distribution;

namespace PacsViewer.Tests.Web.Components.Distribution;

/// <summary>The Send dialog over the running app's services: what it offers, and the job it queues.</summary>
public sealed class SendDialogTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly PacsViewerWebApplicationFactory _app = new();
    private readonly TempDirectory _work = new("pacs-send-dialog-");
    private AsyncServiceScope? _scope;

    public void Dispose()
    {
        _scope?.Dispose();
        _app.Dispose();
        _work.Dispose();
    }

    private BunitContext NewContext(string user, string role)
    {
        _scope = _app.Services.CreateAsyncScope();
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(_scope.Value.ServiceProvider.GetRequiredService<SendRequestService>());
        ctx.AddAuthorization().SetAuthorized(user).SetRoles(role);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        return ctx;
    }

    private static async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(BunitContext ctx, SendTestStudy study, string? series)
    {
        ctx.Render<MudPopoverProvider>();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<SendDialog>
        {
            { d => d.SourceId, "archive" },
            { d => d.StudyInstanceUid, study.StudyInstanceUid },
            { d => d.SeriesInstanceUid, series },
            { d => d.SeriesLabel, "MR 1" },
        };
        await provider.InvokeAsync(() => dialogs.ShowAsync<SendDialog>("Send", parameters));
        provider.WaitForElement("[data-testid=send-submit]", Wait);
        return provider;
    }

    [Fact]
    public async Task Submit_SeriesToADimseDestination_QueuesASendJobForThatSeries()
    {
        _ = _app.Server;
        var study = await SendRequestServiceTests.AddStudyAsync(_app.Services, _work.File("study"), SendTestStudy.BrainSamples[..2]);
        _app.Services.GetRequiredService<StudySourceCatalog>().Set(new DimseStudySource("elsewhere", new DicomPeer("127.0.0.1", 104, "ELSEWHERE"), new DicomClient(), _work.Path));
        await using var ctx = NewContext("radiologist", PacsRoles.Radiologist);
        var dialog = await OpenAsync(ctx, study, study.Files[0].Series);

        Assert.Contains("elsewhere (DICOM)", dialog.Find("[data-testid=send-destination]").TextContent, StringComparison.Ordinal);
        Assert.Empty(dialog.FindAll("[data-testid=send-method]")); // the archive is no DIMSE source: no C-MOVE
        Assert.Equal("By C-STORE", dialog.Find("[data-testid=send-protocol]").TextContent);
        var radios = dialog.FindAll("input[data-testid=send-scope-series], [data-testid=send-scope-series] input");
        Assert.True(radios.Count == 1, dialog.Markup);
        if (radios[0].HasAttribute("blazor:onchange"))
        {
            await radios[0].ChangeAsync(new ChangeEventArgs { Value = "true" });
        }
        else
        {
            await radios[0].ClickAsync(new());
        }
        Assert.True(dialog.Find("input[data-testid=send-scope-series]").HasAttribute("checked"), dialog.Markup);
        await dialog.Find("[data-testid=send-submit]").ClickAsync(new());

        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll("[data-testid=send-dialog]")), Wait);
        await using var db = _app.Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        var job = await db.TransferJobs.AsNoTracking().SingleAsync();
        Assert.Equal((TransferJobKind.Send, "radiologist", "archive", "elsewhere", study.StudyInstanceUid, study.Files[0].Series),
            (job.Kind, job.CreatedBy, job.SourceName, job.Destination, job.StudyInstanceUid, job.SeriesInstanceUid));
        Assert.EndsWith("(one series) to elsewhere by C-STORE", job.Description, StringComparison.Ordinal);
        Assert.Equal(SendMethod.Store, JsonSerializer.Deserialize<SendJobParameters>(job.ParametersJson)!.Method);
    }

    [Fact]
    public async Task Submit_ClinicianWithoutAccess_ShowsTheRefusalAndQueuesNothing()
    {
        _ = _app.Server;
        var study = await SendRequestServiceTests.AddStudyAsync(_app.Services, _work.File("study"), SendTestStudy.BrainSamples[0]);
        _app.Services.GetRequiredService<StudySourceCatalog>().Set(new DimseStudySource("elsewhere", new DicomPeer("127.0.0.1", 104, "ELSEWHERE"), new DicomClient(), _work.Path));
        await using var ctx = NewContext("clinician", PacsRoles.Clinician);
        var dialog = await OpenAsync(ctx, study, null);

        Assert.Empty(dialog.FindAll("[data-testid=send-scope]"));
        await dialog.Find("[data-testid=send-submit]").ClickAsync(new());

        dialog.WaitForAssertion(() => Assert.Equal("Your role is not allowed to send studies (an admin sets who may)", dialog.Find("[data-testid=send-error]").TextContent), Wait);
        await using var db = _app.Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        Assert.Empty(await db.TransferJobs.AsNoTracking().ToListAsync());
    }

    [Fact]
    public async Task SendButton_Clinician_IsNotShown()
    {
        _ = _app.Server;
        await using var ctx = NewContext("clinician", PacsRoles.Clinician);
        ctx.Render<MudPopoverProvider>();

        var button = ctx.Render<SendButton>(p => p.Add(b => b.SourceId, "archive").Add(b => b.StudyInstanceUid, "2.25.1"));
        await using var radiologist = NewContext("radiologist", PacsRoles.Radiologist);
        radiologist.Render<MudPopoverProvider>();
        var shown = radiologist.Render<SendButton>(p => p.Add(b => b.SourceId, "archive").Add(b => b.StudyInstanceUid, "2.25.1"));

        Assert.Empty(button.FindAll("[data-testid=send-open]"));
        shown.WaitForElement("[data-testid=send-open]", Wait);
    }
}
