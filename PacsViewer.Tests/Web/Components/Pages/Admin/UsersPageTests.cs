using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Data;
using PacsViewer.Web.Components.Pages.Admin;
using PacsViewer.Web.Security;

namespace PacsViewer.Tests.Web.Components.Pages.Admin;

/// <summary>User and role administration over the real <see cref="UserAdminService"/> and audit trail on a SQLite app database.</summary>
public sealed class UsersPageTests : AppDatabaseTestBase
{
    private const string NewPassword = "Ward-Password-42";

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private BunitContext NewContext(string userName = "admin", string role = PacsRoles.Admin)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(Get<UserAdminService>());
        ctx.Services.AddSingleton(new RequestAudit(Get<IAuditLog>(), new HttpContextAccessor()));
        ctx.Services.AddSingleton(Get<IOptions<IdentityOptions>>());
        ctx.Services.AddSingleton<TimeProvider>(Clock);
        ctx.AddAuthorization().SetAuthorized(userName).SetRoles(role);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static Task TypeAsync(IRenderedComponent<UsersPage> cut, string testId, string value) =>
        cut.Find($"[data-testid={testId}] input, input[data-testid={testId}]").InputAsync(new() { Value = value });

    private static Task CheckAsync(IRenderedComponent<UsersPage> cut, string testId, bool on) =>
        cut.Find($"[data-testid={testId}] input, input[data-testid={testId}]").ChangeAsync(new() { Value = on });

    private static IRenderedComponent<UsersPage> RenderLoaded(BunitContext ctx)
    {
        var cut = ctx.Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=user-row]").Count), TimeSpan.FromSeconds(30));
        return cut;
    }

    private static async Task ManageAsync(IRenderedComponent<UsersPage> cut, string userName)
    {
        await cut.Find($"[data-testid=user-row][data-user={userName}] [data-testid=user-manage]").ClickAsync(new());
        cut.WaitForElement("[data-testid=user-editor]");
    }

    private static string StateOf(IRenderedComponent<UsersPage> cut, string userName) =>
        cut.Find($"[data-testid=user-row][data-user={userName}] [data-testid=user-state]").TextContent;

    private async Task<List<AuditEvent>> AuditAsync()
    {
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        return await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Render_DemoUsers_ListsNamesRolesAndState()
    {
        await Get<UserAdminService>().DisableAsync("admin", "radiologist2");
        await using var ctx = NewContext();

        var cut = RenderLoaded(ctx);

        Assert.Equal(["admin", "clinician", "radiologist", "radiologist2"], cut.FindAll("[data-testid=user-name]").Select(e => e.TextContent));
        Assert.Equal(["Admin", "Clinician", "Radiologist", "Radiologist"], cut.FindAll("[data-testid=user-roles]").Select(e => e.TextContent));
        Assert.Equal("Active", StateOf(cut, "clinician"));
        Assert.Equal("Disabled since " + TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), Clock.LocalTimeZone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            StateOf(cut, "radiologist2"));
    }

    [Fact]
    public async Task CreateUser_ValidClinician_ListedMustChangeAndAuditedWithoutPassword()
    {
        await using var ctx = NewContext();
        var cut = RenderLoaded(ctx);

        await TypeAsync(cut, "new-username", "ward7");
        await TypeAsync(cut, "new-displayname", "Dr Ward Seven");
        await TypeAsync(cut, "new-password", NewPassword);
        await CheckAsync(cut, "new-role-Clinician", true);
        await cut.Find("[data-testid=create-user]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=user-row]").Count), TimeSpan.FromSeconds(30));
        Assert.Equal("Must change password", StateOf(cut, "ward7"));
        Assert.Equal("Clinician", cut.Find("[data-testid=user-row][data-user=ward7] [data-testid=user-roles]").TextContent);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal((AuditActions.UserChanged, AuditOutcome.Success, "admin", "Admin", "User", "ward7"),
            (entry.Action, entry.Outcome, entry.UserName, entry.UserRoles, entry.ObjectType, entry.ObjectId));
        Assert.DoesNotContain(NewPassword, entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_WeakPassword_ShowsPolicyReasonStoresNothingAndAuditsRefusal()
    {
        await using var ctx = NewContext();
        var cut = RenderLoaded(ctx);

        await TypeAsync(cut, "new-username", "weak1");
        await TypeAsync(cut, "new-password", "weakpass");
        await CheckAsync(cut, "new-role-Clinician", true);
        await cut.Find("[data-testid=create-user]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("at least 12 characters", cut.Find("[data-testid=users-error]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        Assert.Equal(4, cut.FindAll("[data-testid=user-row]").Count);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal((AuditActions.UserChanged, AuditOutcome.MinorFailure, "weak1"), (entry.Action, entry.Outcome, entry.ObjectId));
        Assert.DoesNotContain("weakpass", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveRoles_ClinicianMadeRadiologist_ListUpdatedAndRoleChangedAudited()
    {
        await using var ctx = NewContext();
        var cut = RenderLoaded(ctx);
        await ManageAsync(cut, "clinician");

        await CheckAsync(cut, "edit-role-Clinician", false);
        await CheckAsync(cut, "edit-role-Radiologist", true);
        await cut.Find("[data-testid=save-roles]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Radiologist", cut.Find("[data-testid=user-row][data-user=clinician] [data-testid=user-roles]").TextContent),
            TimeSpan.FromSeconds(30));
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal((AuditActions.RoleChanged, "clinician", "roles Clinician -> Radiologist"), (entry.Action, entry.ObjectId, entry.Detail));
    }

    [Fact]
    public async Task Disable_OwnAccount_RefusedWithMessage()
    {
        await using var ctx = NewContext();
        var cut = RenderLoaded(ctx);
        await ManageAsync(cut, "admin");

        await cut.Find("[data-testid=disable-user]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("You cannot disable your own account.", cut.Find("[data-testid=users-error]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Equal("Active", StateOf(cut, "admin"));
        Assert.Equal(AuditOutcome.MinorFailure, Assert.Single(await AuditAsync()).Outcome);
    }

    [Fact]
    public async Task DisableThenEnable_Clinician_StateFollowsAndBothAudited()
    {
        await using var ctx = NewContext();
        var cut = RenderLoaded(ctx);
        await ManageAsync(cut, "clinician");

        await cut.Find("[data-testid=disable-user]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.StartsWith("Disabled since", StateOf(cut, "clinician"), StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await cut.Find("[data-testid=enable-user]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Active", StateOf(cut, "clinician")), TimeSpan.FromSeconds(30));

        Assert.Equal(["disabled", "enabled"], (await AuditAsync()).Select(e => e.Detail));
    }

    [Fact]
    public async Task ResetPassword_Clinician_MustChangeShownAndNewPasswordWorks()
    {
        await using var ctx = NewContext();
        var cut = RenderLoaded(ctx);
        await ManageAsync(cut, "clinician");

        await TypeAsync(cut, "reset-password", NewPassword);
        await cut.Find("[data-testid=reset-password-button]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Must change password", StateOf(cut, "clinician")), TimeSpan.FromSeconds(30));
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByNameAsync("clinician"))!, NewPassword));
    }

    [Fact]
    public async Task Unlock_LockedOutUser_ButtonShownAndLockoutCleared()
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByNameAsync("radiologist"))!, Clock.GetUtcNow().AddMinutes(10));
        }
        await using var ctx = NewContext();
        var cut = RenderLoaded(ctx);
        Assert.StartsWith("Locked out until", StateOf(cut, "radiologist"), StringComparison.Ordinal);
        await ManageAsync(cut, "radiologist");

        await cut.Find("[data-testid=unlock-user]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Active", StateOf(cut, "radiologist")), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[data-testid=unlock-user]"));
    }

    [Fact]
    public async Task Change_UserWithoutAdminRole_Refused()
    {
        await using var ctx = NewContext("radiologist", PacsRoles.Radiologist);
        var cut = RenderLoaded(ctx);
        await ManageAsync(cut, "clinician");

        await cut.Find("[data-testid=disable-user]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Only an admin may change users.", cut.Find("[data-testid=users-error]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Equal("Active", StateOf(cut, "clinician"));
    }
}
