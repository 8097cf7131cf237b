using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Distribution;
using PacsViewer.Web.Components.Pages.Admin;

namespace PacsViewer.Tests.Web.Components.Pages.Admin;

/// <summary>The admin screen of who may send, export and upload, over the real permission service and a SQLite app database.</summary>
public sealed class DistributionPageTests : TransferJobTestBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private static AngleSharp.Html.Dom.IHtmlInputElement Box(IRenderedComponent<DistributionPage> cut, DistributionAction action, string role) =>
        (AngleSharp.Html.Dom.IHtmlInputElement)cut.Find($"[data-testid=allow-{action}-{role}] input, input[data-testid=allow-{action}-{role}]");

    [Fact]
    public async Task Save_AdminAllowsClinicianToSend_SavedAppliedAndAudited()
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(Get<DistributionPermissionService>());
        ctx.AddAuthorization().SetAuthorized("admin").SetRoles(PacsRoles.Admin);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();

        var cut = ctx.Render<DistributionPage>();
        cut.WaitForElement("[data-testid=distribution-table]", Wait);
        Assert.False(Box(cut, DistributionAction.Send, PacsRoles.Clinician).IsChecked);
        Assert.True(Box(cut, DistributionAction.Send, PacsRoles.Radiologist).IsChecked);
        Assert.True(Box(cut, DistributionAction.ExportDeidentified, PacsRoles.Clinician).IsChecked);
        Assert.True(cut.Find("[data-testid=distribution-save]").HasAttribute("disabled"));

        await Box(cut, DistributionAction.Send, PacsRoles.Clinician).ChangeAsync(new ChangeEventArgs { Value = true });
        await cut.Find("[data-testid=distribution-save]").ClickAsync(new());

        cut.WaitForElement("[data-testid=distribution-saved]", Wait);
        Assert.True(await Get<IDistributionPermissions>().IsAllowedAsync(Clinician, DistributionAction.Send));
        Assert.True(Box(cut, DistributionAction.Send, PacsRoles.Clinician).IsChecked);
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        var audit = Assert.Single(await db.AuditEvents.AsNoTracking().Where(e => e.ObjectType == AuditObjectTypes.DistributionPermission).ToListAsync());
        Assert.Equal(("admin", "Send", "Send allowed to: Radiologist, Clinician, Admin"), (audit.UserName, audit.ObjectId, audit.Detail));
    }
}
