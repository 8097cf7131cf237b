namespace PacsViewer.Web.Endpoints;

/// <summary>Maps every HTTP API of the app under <c>/api</c> (one file per group of endpoints).</summary>
public static class PacsViewerEndpoints
{
    public static IEndpointRouteBuilder MapPacsViewerEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The one place where sign-in will be required for every API (the access-control issue adds .RequireAuthorization() here).
        var api = app.MapGroup("/api");
        api.MapSourceEndpoints();
        api.MapStudyEndpoints();
        api.MapFrameEndpoints();
        api.MapDocumentEndpoints();
        api.MapReportEndpoints();
        app.MapAccountEndpoints();
        app.MapSessionEndpoints();
        return app;
    }
}
