using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Web.Reporting;
using PacsViewer.Web.Security;

namespace PacsViewer.Tests.Web.Components.Pages.Viewer;

/// <summary>
/// What the viewer page needs from the app database, taken from a test's real Core services: study access and the
/// audit of openings for a signed-in user, and the reading session's services (shown to every signed-in user).
/// </summary>
internal static class ViewerAccessTestServices
{
    public static void AddViewerAccess(this BunitContext ctx, StudyAccessService access, IAuditLog audit, string userName, string role)
    {
        ctx.Services.AddSingleton(access);
        ctx.Services.AddSingleton(new RequestAudit(audit, new HttpContextAccessor()));
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(userName);
        auth.SetRoles(role);
    }

    /// <summary>Access, audit and the reading session over <paramref name="core"/> (Core's services on a test database).</summary>
    public static void AddViewerServices(this BunitContext ctx, IServiceProvider core, string userName, string role)
    {
        ctx.Services.AddLogging();
        ctx.Services.AddSingleton(core.GetRequiredService<ReportService>());
        ctx.Services.AddSingleton(core.GetRequiredService<ReportTemplateService>());
        ctx.Services.AddSingleton(core.GetRequiredService<ReportDeliveryQueue>());
        ctx.Services.AddSingleton(core.GetRequiredService<StudyLockService>());
        ctx.Services.AddSingleton(core.GetRequiredService<TimeProvider>());
        ctx.Services.AddSingleton(core.GetRequiredService<IOptions<WorklistOptions>>());
        ctx.Services.AddSingleton(Options.Create(new ReportEditorOptions { AutosaveDelay = TimeSpan.FromHours(1) }));
        ctx.Services.AddSingleton<ReadingLockRegistry>();
        ctx.Services.AddSingleton<OpenReportDrafts>();
        ctx.Services.AddSingleton<ReadingCircuit>();
        ctx.AddViewerAccess(core.GetRequiredService<StudyAccessService>(), core.GetRequiredService<IAuditLog>(), userName, role);
    }
}
