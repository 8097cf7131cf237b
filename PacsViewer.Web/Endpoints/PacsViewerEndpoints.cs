using PacsViewer.Web.Security;

namespace PacsViewer.Web.Endpoints;

/// <summary>Maps every HTTP API of the app under <c>/api</c> (one file per group of endpoints).</summary>
public static class PacsViewerEndpoints
{
    /// <summary>The prefix of one study's endpoints (model, frames, thumbnails, documents) under <c>/api</c>.</summary>
    public const string StudyPrefix = "/sources/{source}/studies/{study}";

    public static IEndpointRouteBuilder MapPacsViewerEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Every API needs a signed-in user with one of the app's roles (401 signed out, 403 without a role); the
        // endpoints of one study also check the user's access to that study (AccessStudyFilter).
        var api = app.MapGroup("/api").RequireAuthorization(AccessPolicies.AnyRole);
        api.MapSourceEndpoints();
        var study = api.MapGroup(StudyPrefix).AddEndpointFilter(AccessStudyFilter.InvokeAsync);
        study.MapStudyEndpoints();
        study.MapFrameEndpoints();
        study.MapDocumentEndpoints();
        study.MapExportEndpoints();
        api.MapReportEndpoints();
        api.MapAuditEndpoints();
        api.MapUploadEndpoints();
        api.MapExportResultEndpoint();
        app.MapAccountEndpoints();
        app.MapSessionEndpoints();
        return app;
    }
}
