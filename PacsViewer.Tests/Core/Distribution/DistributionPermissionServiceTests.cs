using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Security;

namespace PacsViewer.Tests.Core.Distribution;

/// <summary>Who may send, export, upload: the defaults, an admin's change (audited), refusals.</summary>
public abstract class DistributionPermissionServiceTests : TransferJobTestBase
{
    [Fact]
    public async Task IsAllowedAsync_NothingSet_DefaultsRadiologistAdminAndClinicianOnlyForDeidentifiedExport()
    {
        var permissions = Get<IDistributionPermissions>();
        foreach (var action in new[] { DistributionAction.Send, DistributionAction.Export, DistributionAction.Upload })
        {
            Assert.True(await permissions.IsAllowedAsync(Radiologist, action));
            Assert.True(await permissions.IsAllowedAsync(Admin, action));
            Assert.False(await permissions.IsAllowedAsync(Clinician, action));
        }
        Assert.True(await permissions.IsAllowedAsync(Clinician, DistributionAction.ExportDeidentified));
        Assert.False(await permissions.IsAllowedAsync(new System.Security.Claims.ClaimsPrincipal(), DistributionAction.ExportDeidentified));
    }

    [Fact]
    public async Task SetAsync_AdminAllowsClinicianToSendAndNobodyToUpload_AppliedAtOnceAndAudited()
    {
        var service = Get<DistributionPermissionService>();
        Assert.False(await service.IsAllowedAsync(Clinician, DistributionAction.Send));

        await service.SetAsync(DistributionAction.Send, [PacsRoles.Clinician, PacsRoles.Admin, PacsRoles.Clinician], Admin);
        await service.SetAsync(DistributionAction.Upload, [], Admin);

        Assert.True(await service.IsAllowedAsync(Clinician, DistributionAction.Send));
        Assert.False(await service.IsAllowedAsync(Radiologist, DistributionAction.Send));
        Assert.False(await service.IsAllowedAsync(Admin, DistributionAction.Upload));
        var all = await service.GetAllAsync();
        Assert.Equal([PacsRoles.Clinician, PacsRoles.Admin], all[DistributionAction.Send]);
        Assert.Empty(all[DistributionAction.Upload]);
        Assert.Equal([PacsRoles.Radiologist, PacsRoles.Admin], all[DistributionAction.Export]);

        await using var db = Get<PacsViewerDatabase>().CreateContext();
        var audit = await db.AuditEvents.AsNoTracking().Where(e => e.ObjectType == AuditObjectTypes.DistributionPermission).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([("Send", "Send allowed to: Clinician, Admin"), ("Upload", "Upload allowed to: nobody")], audit.Select(a => (a.ObjectId!, a.Detail!)));
        Assert.All(audit, a => Assert.Equal((AuditActions.ConfigurationChanged, "admin"), (a.Action, a.UserName)));

        // Another server (a new service over the same database) sees the change.
        await RestartAsync();
        Assert.True(await Get<IDistributionPermissions>().IsAllowedAsync(Clinician, DistributionAction.Send));
    }

    [Fact]
    public async Task SetAsync_NotAdminOrUnknownRole_Refused()
    {
        var service = Get<DistributionPermissionService>();

        await Assert.ThrowsAsync<TransferJobAccessDeniedException>(() => service.SetAsync(DistributionAction.Send, [PacsRoles.Clinician], Radiologist));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => service.SetAsync(DistributionAction.Send, ["Janitor"], Admin));
        Assert.StartsWith("Unknown role(s): Janitor", e.Message, StringComparison.Ordinal);
        Assert.False(await service.IsAllowedAsync(Clinician, DistributionAction.Send));
    }
}
