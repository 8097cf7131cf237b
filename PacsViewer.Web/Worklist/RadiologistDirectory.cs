using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Security;

namespace PacsViewer.Web.Worklist;

/// <summary>
/// The user names a study can be assigned to (users in the Radiologist role), read through Identity's user manager in
/// a scope of its own, so a page's long-lived circuit never holds a database context.
/// </summary>
public sealed class RadiologistDirectory(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<string>> GetUserNamesAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
        cancellationToken.ThrowIfCancellationRequested();
        var radiologists = await users.GetUsersInRoleAsync(PacsRoles.Radiologist);
        return radiologists.Select(u => u.UserName).OfType<string>().Order(StringComparer.Ordinal).ToList();
    }
}
