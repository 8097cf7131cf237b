using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;

namespace PacsViewer.Web.Security;

/// <summary>
/// The endpoint filter on every <c>/api/sources/{source}/studies/{study}/...</c> endpoint: asks
/// <see cref="StudyAccessService"/> (a decision reused for a few seconds per user and study, so a viewport's frame
/// requests stay fast) and answers 403 without access. A refusal is audited as <see cref="AuditActions.AccessDenied"/>
/// and a use under break-glass as an emergency <see cref="AuditActions.StudyOpened"/>, each at most once per
/// <see cref="StudyAccessOptions.RepeatAuditInterval"/> per user and study.
/// </summary>
public static class AccessStudyFilter
{
    /// <summary>The audit throttle's kind for reads through the API under break-glass.</summary>
    public const string EmergencyApiKind = "EmergencyApi";

    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (http.GetRouteValue("source") is not string source || http.GetRouteValue("study") is not string study)
        {
            throw new InvalidOperationException($"{nameof(AccessStudyFilter)} is on an endpoint without {{source}} and {{study}}: {http.Request.Path}");
        }
        var access = http.RequestServices.GetRequiredService<StudyAccessService>();
        var decision = await access.CheckAsync(http.User, source, study, http.RequestAborted);
        if (!decision.Allowed)
        {
            if (access.ShouldRecord(AuditActions.AccessDenied, http.User, source, study))
            {
                await http.RequestServices.GetRequiredService<RequestAudit>().RecordAsync(
                    new AuditEntry(AuditActions.AccessDenied, AuditOutcome.MinorFailure)
                    {
                        SourceName = source, StudyInstanceUid = study, ObjectType = "Api", Detail = "API request for a study without access",
                    }, http.User, http.RequestAborted);
            }
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No access to this study",
                detail: decision.CanBreakGlass
                    ? "Your role sees a study once its report is final. Open it in the viewer and give a reason for emergency access."
                    : "Your account's role does not allow this study.");
        }
        if (decision.Emergency && access.ShouldRecord(EmergencyApiKind, http.User, source, study))
        {
            await http.RequestServices.GetRequiredService<RequestAudit>().RecordAsync(
                new AuditEntry(AuditActions.StudyOpened)
                {
                    SourceName = source, StudyInstanceUid = study, ObjectType = "Api", Emergency = true,
                    Detail = "Images read through the API under break-glass",
                }, http.User, http.RequestAborted);
        }
        return await next(context);
    }
}
