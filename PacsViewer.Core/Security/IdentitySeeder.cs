using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace PacsViewer.Core.Security;

/// <summary>Creates the roles (always) and, in Development only, the demo users (the caller decides).</summary>
public sealed class IdentitySeeder(IServiceScopeFactory scopes)
{
    /// <summary>Creates any of <see cref="PacsRoles.All"/> that is missing.</summary>
    public async Task EnsureRolesAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<PacsRole>>();
        foreach (var role in PacsRoles.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await roles.RoleExistsAsync(role).ConfigureAwait(false))
            {
                Check(await roles.CreateAsync(new PacsRole(role)).ConfigureAwait(false), $"role {role}");
            }
        }
    }

    /// <summary>
    /// Creates the <see cref="DemoUser.All"/> accounts that do not exist yet, with <paramref name="password"/>;
    /// returns the ones created. Never call this outside Development.
    /// </summary>
    public async Task<IReadOnlyList<DemoUser>> SeedDemoUsersAsync(string password, CancellationToken cancellationToken = default)
    {
        await EnsureRolesAsync(cancellationToken).ConfigureAwait(false);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
        var created = new List<DemoUser>();
        foreach (var demo in DemoUser.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await users.FindByNameAsync(demo.UserName).ConfigureAwait(false) is not null)
            {
                continue;
            }
            var user = new PacsUser { UserName = demo.UserName, DisplayName = demo.DisplayName, EmailConfirmed = true };
            Check(await users.CreateAsync(user, password).ConfigureAwait(false), $"demo user {demo.UserName}");
            Check(await users.AddToRoleAsync(user, demo.Role).ConfigureAwait(false), $"role of demo user {demo.UserName}");
            created.Add(demo);
        }
        return created;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Creating {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
