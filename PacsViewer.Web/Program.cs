using PacsViewer.Web.Components;
using PacsViewer.Web.Endpoints;
using PacsViewer.Web.Extensions;
using PacsViewer.Web.Security;
using PacsViewer.Web.Health;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddPacsViewerWeb(builder.Configuration);

var app = builder.Build();

app.UseSecurityHeaders();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseHttpsRedirection();

app.UseAuthentication();
app.UseMiddleware<PasswordChangeRequiredMiddleware>();
app.UseAuthorization();
app.UseAntiforgery();

// Sign-in is required everywhere (a fallback policy) except where marked: the static assets are public.
app.MapStaticAssets().AllowAnonymous();
app.MapPacsViewerHealth();
app.MapPacsViewerEndpoints();
app.MapRazorComponents<App>()
    // The security headers' CSP already says frame-ancestors 'none'; Blazor's own 'self' header would be a second CSP.
    .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

await app.RunAsync();

/// <summary>Entry point; public and partial so tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program { }
