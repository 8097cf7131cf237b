namespace PacsViewer.Web.Security;

/// <summary>
/// Single sign-on through an OpenID Connect provider (section <c>Auth:Oidc</c>), on when <see cref="Authority"/> is set:
/// authorization code flow with PKCE; the provider's role values are mapped to the app's roles at each sign-in.
/// </summary>
public sealed record OidcSignInOptions
{
    public const string SectionName = "Auth:Oidc";

    /// <summary>The authentication scheme's name, also the login provider name of linked accounts.</summary>
    public const string Scheme = "oidc";

    /// <summary>The provider's issuer URL (its discovery document is at <c>/.well-known/openid-configuration</c> below it).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for besides <c>openid</c> (default <c>profile</c>).</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The id token claim holding the provider's roles or groups (default <c>roles</c>).</summary>
    public string RoleClaimType { get; set; } = "roles";

    /// <summary>The claim the local user name is taken from (default <c>preferred_username</c>).</summary>
    public string UserNameClaimType { get; set; } = "preferred_username";

    /// <summary>Provider role value (case-insensitive) to app role (Radiologist, Clinician, Admin).</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Shown on the login page's button: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Whether the provider's metadata must come over HTTPS (default true; false only for a test provider on loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The scopes to ask for: openid, then <see cref="Scopes"/> (or profile when none are configured).</summary>
    public IReadOnlyList<string> EffectiveScopes() =>
        ["openid", .. (Scopes.Count == 0 ? ["profile"] : Scopes).Where(s => !string.Equals(s, "openid", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];

    /// <summary>The app roles <paramref name="providerRoles"/> map to (unknown values are ignored).</summary>
    public IReadOnlySet<string> MapRoles(IEnumerable<string> providerRoles) =>
        providerRoles.Select(r => RoleMap.TryGetValue(r, out var role) ? role : null)
            .OfType<string>()
            .Where(r => Core.Security.PacsRoles.All.Contains(r, StringComparer.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Null when usable, otherwise what is wrong (checked on start when enabled).</summary>
    public string? Problem() =>
        !Enabled ? null
        : string.IsNullOrWhiteSpace(ClientId) ? "Auth:Oidc:ClientId is required when Auth:Oidc:Authority is set"
        : !Uri.TryCreate(Authority, UriKind.Absolute, out _) ? "Auth:Oidc:Authority must be an absolute URL"
        : RoleMap.Values.FirstOrDefault(r => !Core.Security.PacsRoles.All.Contains(r, StringComparer.Ordinal)) is { } bad
            ? $"Auth:Oidc:RoleMap maps to '{bad}', which is not one of {string.Join(", ", Core.Security.PacsRoles.All)}"
        : null;
}
