using Microsoft.AspNetCore.Authorization;
using PacsViewer.Core.Security;

namespace PacsViewer.Web.Security;

/// <summary>
/// The app's authorization policies (issue 7). The fallback policy requires a signed-in user on every endpoint that
/// names no policy of its own (pages, the Blazor hub, <c>/api</c>); the account pages, the static assets and the
/// health endpoints are marked anonymous explicitly.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Signed in with one of the app's roles: the <c>/api</c> group and the viewing pages.</summary>
    public const string AnyRole = "AnyRole";

    /// <summary>The roles that view studies: every role of <see cref="PacsRoles.All"/>.</summary>
    public const string AnyRoleNames = $"{PacsRoles.Radiologist},{PacsRoles.Clinician},{PacsRoles.Admin}";

    public static AuthorizationPolicy SignedIn { get; } = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();

    public static AuthorizationPolicy AnyRolePolicy { get; } = new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser().RequireRole(PacsRoles.All).Build();
}
