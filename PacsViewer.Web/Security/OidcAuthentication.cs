using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace PacsViewer.Web.Security;

/// <summary>Registers the OpenID Connect scheme when <c>Auth:Oidc:Authority</c> is configured (otherwise nothing).</summary>
internal static class OidcAuthentication
{
    public static void AddOidcSignIn(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OidcSignInOptions>()
            .Bind(configuration.GetSection(OidcSignInOptions.SectionName))
            .Validate(o => o.Problem() is null, "Auth:Oidc is incomplete: set ClientId, an absolute Authority, and map roles only to Radiologist, Clinician or Admin")
            .ValidateOnStart();
        services.AddScoped<OidcAccountLinker>();
        var settings = configuration.GetSection(OidcSignInOptions.SectionName).Get<OidcSignInOptions>() ?? new OidcSignInOptions();
        if (!settings.Enabled)
        {
            return;
        }
        services.AddAuthentication().AddOpenIdConnect(OidcSignInOptions.Scheme, settings.DisplayName, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            // Authorization code flow with PKCE; the code comes back in the query (a top-level GET: SameSite=Lax cookies suffice).
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.Scope.Clear();
            foreach (var scope in settings.EffectiveScopes())
            {
                o.Scope.Add(scope);
            }
            // The provider's claim names as they are (RoleClaimType and UserNameClaimType name them); nothing kept but the claims.
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.TokenValidationParameters.NameClaimType = settings.UserNameClaimType;
            o.TokenValidationParameters.RoleClaimType = settings.RoleClaimType;
            // The provider's identity lands in Identity's external cookie; OidcAccountLinker then issues the app's own cookie.
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.CallbackPath = "/signin-oidc";
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnRemoteFailure = context =>
            {
                // The provider refused or the answer did not validate: back to the login page, which says so (no details: they go to the log).
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcAuthentication))
                    .LogWarning(context.Failure, "Single sign-on failed");
                context.Response.Redirect("/account/login?external=failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }
}
