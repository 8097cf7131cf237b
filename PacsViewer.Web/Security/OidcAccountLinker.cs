using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;

namespace PacsViewer.Web.Security;

/// <summary>
/// Links an identity from the OpenID Connect provider to a local <see cref="PacsUser"/>: found by the provider's
/// subject (a login of <see cref="OidcSignInOptions.Scheme"/>), or created at the first sign-in with the user name of
/// <see cref="OidcSignInOptions.UserNameClaimType"/> (refused when a local account already has that name: an
/// administrator links it, nothing is taken over by name). The user's roles are set from the provider's mapped roles
/// at each sign-in, audited as <see cref="AuditActions.RoleChanged"/> when they change; a user without any mapped
/// role, or disabled, is refused (audited as <see cref="AuditActions.LoginFailed"/>).
/// </summary>
public sealed class OidcAccountLinker(UserManager<PacsUser> users, IOptions<OidcSignInOptions> options, RequestAudit audit, ILogger<OidcAccountLinker> logger)
{
    public async Task<OidcLinkResult> LinkAsync(ClaimsPrincipal external, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(external);
        var settings = options.Value;
        var subject = external.FindFirstValue("sub");
        var userName = external.FindFirstValue(settings.UserNameClaimType)?.Trim();
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(userName))
        {
            await RefusedAsync(userName, "the provider sent no subject or user name", cancellationToken).ConfigureAwait(false);
            return OidcLinkResult.Refused("incomplete");
        }
        var roles = settings.MapRoles(external.FindAll(settings.RoleClaimType).Select(c => c.Value));
        if (roles.Count == 0)
        {
            await RefusedAsync(userName, "no mapped role", cancellationToken).ConfigureAwait(false);
            return OidcLinkResult.Refused("norole");
        }

        var user = await users.FindByLoginAsync(OidcSignInOptions.Scheme, subject).ConfigureAwait(false);
        if (user is null)
        {
            if (await users.FindByNameAsync(userName).ConfigureAwait(false) is not null)
            {
                await RefusedAsync(userName, "a local account has this user name", cancellationToken).ConfigureAwait(false);
                return OidcLinkResult.Refused("taken");
            }
            user = new PacsUser { UserName = userName, DisplayName = external.FindFirstValue("name") ?? userName };
            var created = await users.CreateAsync(user).ConfigureAwait(false);
            if (created.Succeeded)
            {
                created = await users.AddLoginAsync(user, new UserLoginInfo(OidcSignInOptions.Scheme, subject, settings.DisplayName)).ConfigureAwait(false);
            }
            if (!created.Succeeded)
            {
                logger.LogWarning("A single sign-on account could not be created: {Errors}", string.Join("; ", created.Errors.Select(e => e.Code)));
                await RefusedAsync(userName, "the account could not be created", cancellationToken).ConfigureAwait(false);
                return OidcLinkResult.Refused("failed");
            }
            await audit.RecordAsync(new AuditEntry(AuditActions.UserChanged)
            {
                UserName = userName,
                ObjectType = "User",
                ObjectId = userName,
                Detail = "created at the first single sign-on",
            }, null, cancellationToken).ConfigureAwait(false);
        }
        if (user.DisabledAt is not null || await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            await RefusedAsync(user.UserName, "the account is disabled or locked out", cancellationToken).ConfigureAwait(false);
            return OidcLinkResult.Refused("disabled");
        }
        await SetRolesAsync(user, roles, cancellationToken).ConfigureAwait(false);
        return OidcLinkResult.Linked(user);
    }

    private async Task SetRolesAsync(PacsUser user, IReadOnlySet<string> roles, CancellationToken cancellationToken)
    {
        var current = (await users.GetRolesAsync(user).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        if (current.SetEquals(roles))
        {
            return;
        }
        var removed = await users.RemoveFromRolesAsync(user, current.Except(roles, StringComparer.Ordinal)).ConfigureAwait(false);
        var added = removed.Succeeded ? await users.AddToRolesAsync(user, roles.Except(current, StringComparer.Ordinal)).ConfigureAwait(false) : removed;
        if (!added.Succeeded)
        {
            throw new InvalidOperationException($"the roles of a single sign-on user could not be set: {string.Join("; ", added.Errors.Select(e => e.Code))}");
        }
        await audit.RecordAsync(new AuditEntry(AuditActions.RoleChanged)
        {
            UserName = user.UserName,
            ObjectType = "User",
            ObjectId = user.UserName,
            Detail = $"roles from [{string.Join(",", current.Order(StringComparer.Ordinal))}] to [{string.Join(",", roles.Order(StringComparer.Ordinal))}] by single sign-on",
        }, null, cancellationToken).ConfigureAwait(false);
    }

    private Task RefusedAsync(string? userName, string why, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEntry(AuditActions.LoginFailed, AuditOutcome.MinorFailure)
        {
            UserName = userName,
            Detail = $"single sign-on: {why}",
        }, null, cancellationToken);
}
