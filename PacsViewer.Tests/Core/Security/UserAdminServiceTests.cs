using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Security;

/// <summary>
/// User administration's rules on each provider, over the demo users (radiologist, radiologist2, clinician, admin) of
/// <see cref="AppDatabaseTestBase"/>: what each change stores, what it reports for the audit trail, what it refuses.
/// </summary>
public abstract class UserAdminServiceTests : AppDatabaseTestBase
{
    private const string NewPassword = "New-Password-22";

    private UserAdminService Users => Get<UserAdminService>();

    private async Task<T> WithUsersAsync<T>(Func<UserManager<PacsUser>, Task<T>> read)
    {
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>());
    }

    private async Task<UserAdminSummary> SummaryAsync(string userName) => Assert.Single(await Users.ListAsync(), u => u.UserName == userName);

    [Fact]
    public async Task ListAsync_DemoUsers_ListedByNameWithRoles()
    {
        var users = await Users.ListAsync();

        Assert.Equal(["admin", "clinician", "radiologist", "radiologist2"], users.Select(u => u.UserName));
        Assert.Equal([PacsRoles.Admin], users[0].Roles);
        Assert.Equal(("Dr Demo Clinician", false, (DateTimeOffset?)null), (users[1].DisplayName, users[1].MustChangePassword, users[1].DisabledAt));
    }

    [Fact]
    public async Task CreateAsync_ValidUser_StoredWithRolesAndMustChangePasswordAndAuditEntry()
    {
        var entry = await Users.CreateAsync(new UserAdminNewUser("ward1", "Dr Ward", [PacsRoles.Clinician, PacsRoles.Radiologist], NewPassword));

        var stored = await SummaryAsync("ward1");
        Assert.Equal(("Dr Ward", true), (stored.DisplayName, stored.MustChangePassword));
        Assert.Equal([PacsRoles.Clinician, PacsRoles.Radiologist], stored.Roles);
        Assert.Equal((AuditActions.UserChanged, "User", "ward1"), (entry.Action, entry.ObjectType, entry.ObjectId));
        Assert.Equal("created with roles Clinician,Radiologist; must change password", entry.Detail);
        Assert.True(await WithUsersAsync(async u => await u.CheckPasswordAsync((await u.FindByNameAsync("ward1"))!, NewPassword)));
    }

    [Theory]
    [InlineData("Short-1a", "at least 12")]
    [InlineData("nouppercase-digits-1", "uppercase")]
    [InlineData("No-Digits-At-All", "digit")]
    [InlineData("NoSymbolsButDigit1", "non alphanumeric")]
    public async Task CreateAsync_PasswordAgainstDefaultPolicy_RefusedWithReasonAndNothingStored(string password, string reason)
    {
        var error = await Assert.ThrowsAsync<UserAdminException>(() => Users.CreateAsync(new UserAdminNewUser("weak", "", [PacsRoles.Clinician], password)));

        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await Users.ListAsync(), u => u.UserName == "weak");
    }

    [Theory]
    [InlineData("clinician", "exists already")]
    [InlineData("  ", "Enter a user name")]
    public async Task CreateAsync_TakenOrEmptyName_Refused(string userName, string reason)
    {
        var error = await Assert.ThrowsAsync<UserAdminException>(() => Users.CreateAsync(new UserAdminNewUser(userName, "", [PacsRoles.Clinician], NewPassword)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, (await Users.ListAsync()).Count);
    }

    [Theory]
    [InlineData(new string[0], "at least one role")]
    [InlineData(new[] { "Superuser" }, "Unknown role: Superuser")]
    public async Task CreateAsync_NoOrUnknownRole_Refused(string[] roles, string reason)
    {
        var error = await Assert.ThrowsAsync<UserAdminException>(() => Users.CreateAsync(new UserAdminNewUser("x1", "", roles, NewPassword)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await Users.ListAsync(), u => u.UserName == "x1");
    }

    [Fact]
    public async Task SetRolesAsync_ClinicianMadeRadiologist_RolesReplacedAndRoleChangedEntry()
    {
        var entry = await Users.SetRolesAsync("admin", "clinician", [PacsRoles.Radiologist]);

        Assert.Equal([PacsRoles.Radiologist], (await SummaryAsync("clinician")).Roles);
        Assert.Equal((AuditActions.RoleChanged, "clinician", "roles Clinician -> Radiologist"), (entry.Action, entry.ObjectId, entry.Detail));
    }

    [Fact]
    public async Task SetRolesAsync_LastEnabledAdminLosesAdmin_Refused()
    {
        var error = await Assert.ThrowsAsync<UserAdminException>(() => Users.SetRolesAsync("someone", "admin", [PacsRoles.Radiologist]));

        Assert.Contains("last enabled Admin", error.Message, StringComparison.Ordinal);
        Assert.Equal([PacsRoles.Admin], (await SummaryAsync("admin")).Roles);
    }

    [Fact]
    public async Task SetRolesAsync_OwnAdminRole_RefusedEvenWithAnotherAdmin()
    {
        await Users.SetRolesAsync("admin", "radiologist", [PacsRoles.Admin, PacsRoles.Radiologist]);

        var error = await Assert.ThrowsAsync<UserAdminException>(() => Users.SetRolesAsync("admin", "admin", [PacsRoles.Clinician]));

        Assert.Contains("your own Admin role", error.Message, StringComparison.Ordinal);
        Assert.Equal([PacsRoles.Admin], (await SummaryAsync("admin")).Roles);
    }

    [Fact]
    public async Task SetRolesAsync_AdminRemovedWhileAnotherAdminIsEnabled_Allowed()
    {
        await Users.SetRolesAsync("admin", "radiologist", [PacsRoles.Admin, PacsRoles.Radiologist]);

        await Users.SetRolesAsync("radiologist", "admin", [PacsRoles.Clinician]);

        Assert.Equal([PacsRoles.Clinician], (await SummaryAsync("admin")).Roles);
        Assert.Equal(1, await Users.EnabledAdminCountAsync());
    }

    [Fact]
    public async Task DisableAsync_Clinician_DisabledAtSetStampChangedAndAudited()
    {
        var stampBefore = await WithUsersAsync(async u => await u.GetSecurityStampAsync((await u.FindByNameAsync("clinician"))!));

        var entry = await Users.DisableAsync("admin", "clinician");

        var stampAfter = await WithUsersAsync(async u => await u.GetSecurityStampAsync((await u.FindByNameAsync("clinician"))!));
        Assert.Equal(Clock.GetUtcNow(), (await SummaryAsync("clinician")).DisabledAt);
        Assert.NotEqual(stampBefore, stampAfter);
        Assert.Equal((AuditActions.UserChanged, "clinician", "disabled"), (entry.Action, entry.ObjectId, entry.Detail));
    }

    [Fact]
    public async Task DisableAsync_Self_Refused()
    {
        await Users.SetRolesAsync("admin", "radiologist", [PacsRoles.Admin]);

        var error = await Assert.ThrowsAsync<UserAdminException>(() => Users.DisableAsync("Admin", "admin"));

        Assert.Contains("your own account", error.Message, StringComparison.Ordinal);
        Assert.Null((await SummaryAsync("admin")).DisabledAt);
    }

    [Fact]
    public async Task DisableAsync_LastEnabledAdmin_RefusedButAllowedOnceAnotherAdminExists()
    {
        var error = await Assert.ThrowsAsync<UserAdminException>(() => Users.DisableAsync("radiologist", "admin"));
        Assert.Contains("last enabled Admin", error.Message, StringComparison.Ordinal);

        await Users.SetRolesAsync("admin", "radiologist2", [PacsRoles.Admin]);
        await Users.DisableAsync("radiologist2", "admin");

        Assert.NotNull((await SummaryAsync("admin")).DisabledAt);
        Assert.Equal(1, await Users.EnabledAdminCountAsync());
    }

    [Fact]
    public async Task EnableAsync_DisabledUser_EnabledAgain()
    {
        await Users.DisableAsync("admin", "radiologist");

        var entry = await Users.EnableAsync("radiologist");

        Assert.Null((await SummaryAsync("radiologist")).DisabledAt);
        Assert.Equal("enabled", entry.Detail);
        await Assert.ThrowsAsync<UserAdminException>(() => Users.EnableAsync("radiologist"));
    }

    [Fact]
    public async Task UnlockAsync_LockedOutUser_LockoutAndFailureCountCleared()
    {
        await WithUsersAsync(async u =>
        {
            var user = (await u.FindByNameAsync("clinician"))!;
            for (var i = 0; i < 5; i++)
            {
                await u.AccessFailedAsync(user);
            }
            return true;
        });
        // Identity's lockout runs on the system clock: 15 minutes from now, later than the test clock in any case.
        Assert.True((await SummaryAsync("clinician")).LockedOutUntil > Clock.GetUtcNow());

        await Users.UnlockAsync("clinician");

        Assert.Null((await SummaryAsync("clinician")).LockedOutUntil);
        Assert.Equal(0, await WithUsersAsync(async u => await u.GetAccessFailedCountAsync((await u.FindByNameAsync("clinician"))!)));
    }

    [Fact]
    public async Task ResetPasswordAsync_ValidPassword_NewPasswordWorksMustChangeSetNoPasswordInAudit()
    {
        var entry = await Users.ResetPasswordAsync("clinician", NewPassword);

        Assert.True((await SummaryAsync("clinician")).MustChangePassword);
        Assert.True(await WithUsersAsync(async u => await u.CheckPasswordAsync((await u.FindByNameAsync("clinician"))!, NewPassword)));
        Assert.False(await WithUsersAsync(async u => await u.CheckPasswordAsync((await u.FindByNameAsync("clinician"))!, Password)));
        Assert.DoesNotContain(NewPassword, entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPasswordAsync_WeakPassword_RefusedAndOldPasswordKept()
    {
        await Assert.ThrowsAsync<UserAdminException>(() => Users.ResetPasswordAsync("clinician", "short"));

        Assert.True(await WithUsersAsync(async u => await u.CheckPasswordAsync((await u.FindByNameAsync("clinician"))!, Password)));
        Assert.False((await SummaryAsync("clinician")).MustChangePassword);
    }

    [Fact]
    public async Task DisableAsync_UnknownUser_Refused()
    {
        var error = await Assert.ThrowsAsync<UserAdminException>(() => Users.DisableAsync("admin", "nobody"));

        Assert.Equal("There is no user named nobody.", error.Message);
    }
}
