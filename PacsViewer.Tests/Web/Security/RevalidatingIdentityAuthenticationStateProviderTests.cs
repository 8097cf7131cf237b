using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Tests.Web.Security;

/// <summary>A circuit's sign-in is re-checked against the database: changes to the user end it.</summary>
public sealed class RevalidatingIdentityAuthenticationStateProviderTests(PacsViewerWebApplicationFactory factory)
    : IClassFixture<PacsViewerWebApplicationFactory>
{
    [Fact]
    public async Task IsStillValid_UnchangedUser_True()
    {
        var (user, principal, provider) = await SignedInUserAsync();

        Assert.True(await provider.IsStillValidAsync(principal), user.UserName);
    }

    [Fact]
    public async Task IsStillValid_UserDisabled_False()
    {
        var (user, principal, provider) = await SignedInUserAsync();

        await ChangeUserAsync(user.Id, (users, u) => users.SetLockoutEndDateAsync(u, DateTimeOffset.MaxValue));

        Assert.False(await provider.IsStillValidAsync(principal));
    }

    [Fact]
    public async Task IsStillValid_RoleRemoved_False()
    {
        var (user, principal, provider) = await SignedInUserAsync();

        await ChangeUserAsync(user.Id, (users, u) => users.RemoveFromRoleAsync(u, PacsRoles.Radiologist));

        Assert.False(await provider.IsStillValidAsync(principal));
    }

    [Fact]
    public async Task IsStillValid_UserDeleted_False()
    {
        var (user, principal, provider) = await SignedInUserAsync();

        await ChangeUserAsync(user.Id, (users, u) => users.DeleteAsync(u));

        Assert.False(await provider.IsStillValidAsync(principal));
    }

    [Fact]
    public async Task Check_DisabledAtSetAndStampChanged_Disabled()
    {
        var (user, principal, provider) = await SignedInUserAsync();

        await ChangeUserAsync(user.Id, async (users, u) =>
        {
            u.DisabledAt = DateTimeOffset.UtcNow;
            var updated = await users.UpdateAsync(u);
            return updated.Succeeded ? await users.UpdateSecurityStampAsync(u) : updated;
        });

        Assert.Equal(SessionEndReason.Disabled, await provider.CheckAsync(principal));
    }

    [Fact]
    public async Task Check_RoleChanged_Changed()
    {
        var (user, principal, provider) = await SignedInUserAsync();

        await ChangeUserAsync(user.Id, (users, u) => users.AddToRoleAsync(u, PacsRoles.Admin));

        Assert.Equal(SessionEndReason.Changed, await provider.CheckAsync(principal));
    }

    [Fact]
    public async Task Check_SignedInThirteenHoursAgo_Lifetime()
    {
        var (_, principal, provider) = await SignedInUserAsync();
        ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(
            new System.Security.Claims.Claim(SessionClaims.SignedInAt, SessionClaims.Format(DateTimeOffset.UtcNow.AddHours(-13))));

        Assert.Equal(SessionEndReason.Lifetime, await provider.CheckAsync(principal));
    }

    [Fact]
    public async Task Check_SessionEndedOverHttp_ThatReason()
    {
        var (_, principal, provider) = await SignedInUserAsync();
        var sessionId = Guid.NewGuid().ToString("N");
        ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new System.Security.Claims.Claim(SessionClaims.SessionId, sessionId));
        var before = await provider.CheckAsync(principal);

        Assert.True(factory.Services.GetRequiredService<SessionRegistry>().TryEnd(sessionId, SessionEndReason.Idle));

        Assert.Null(before);
        Assert.Equal(SessionEndReason.Idle, await provider.CheckAsync(principal));
    }

    [Fact]
    public async Task Registration_AuthenticationStateProvider_IsTheRevalidatingOne()
    {
        await using var scope = factory.Services.CreateAsyncScope();

        Assert.IsType<RevalidatingIdentityAuthenticationStateProvider>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
    }

    private async Task<(PacsUser User, System.Security.Claims.ClaimsPrincipal Principal, RevalidatingIdentityAuthenticationStateProvider Provider)> SignedInUserAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
        var user = new PacsUser { UserName = "reval" + Guid.NewGuid().ToString("N")[..8], DisplayName = "Revalidated User" };
        Assert.True((await users.CreateAsync(user, "Test-Password-1")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, PacsRoles.Radiologist)).Succeeded);
        var claims = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PacsUser>>();
        var principal = await claims.CreateAsync(user);
        var provider = (RevalidatingIdentityAuthenticationStateProvider)factory.Services.CreateScope().ServiceProvider
            .GetRequiredService<AuthenticationStateProvider>();
        return (user, principal, provider);
    }

    private async Task ChangeUserAsync(string id, Func<UserManager<PacsUser>, PacsUser, Task<IdentityResult>> change)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
        var user = await users.FindByIdAsync(id);
        Assert.NotNull(user);
        Assert.True((await change(users, user)).Succeeded);
    }
}
