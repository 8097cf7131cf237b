using Microsoft.AspNetCore.Components;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Web.Components.Pages.Viewer;

/// <summary>
/// Study access in the viewer (issue 7), decided on the server before the study's model is loaded: a user without
/// access sees no patient data. A clinician without access (no Final report) sees the break-glass panel instead of
/// the images; after a reason is given the study opens under an emergency grant. Each opening is audited once as
/// <see cref="AuditActions.StudyOpened"/> (the prerender and the circuit that follows count as one opening), each
/// refusal as <see cref="AuditActions.AccessDenied"/>.
/// </summary>
public sealed partial class ViewerPage
{
    /// <summary>The prerender and the live circuit of one opening fall within this window: one audit record.</summary>
    private static readonly TimeSpan OpeningWindow = TimeSpan.FromSeconds(30);

    private StudyAccessDecision? _access;
    private string? _breakGlassError;
    private bool _breakingGlass;

    [Inject]
    private StudyAccessService Access { get; set; } = null!;

    [Inject]
    private RequestAudit Audit { get; set; } = null!;

    /// <summary>A clinician may open the study only after giving a reason.</summary>
    private bool NeedsBreakGlass => _access is { Allowed: false, CanBreakGlass: true };

    /// <summary>True when the user may see the study; otherwise the refusal is audited and shown.</summary>
    private async Task<bool> MayOpenAsync()
    {
        _access = await Access.DecideAsync(_reader, SourceId, StudyInstanceUid, _cancel.Token);
        if (_access.Allowed)
        {
            return true;
        }
        await RecordRefusalAsync(SourceId, StudyInstanceUid);
        if (!_access.CanBreakGlass)
        {
            _error = "Your account's role does not allow opening studies.";
        }
        return false;
    }

    /// <summary>True when the user may see the prior study (checked like the current one, without break-glass).</summary>
    private async Task<bool> MayOpenPriorAsync(string sourceId, string studyUid)
    {
        var decision = await Access.DecideAsync(_reader, sourceId, studyUid, _cancel.Token);
        if (!decision.Allowed)
        {
            await RecordRefusalAsync(sourceId, studyUid);
        }
        return decision.Allowed;
    }

    private async Task RecordRefusalAsync(string sourceId, string studyUid)
    {
        if (Access.ShouldRecord(AuditActions.AccessDenied, _reader, sourceId, studyUid))
        {
            await Audit.RecordAsync(new AuditEntry(AuditActions.AccessDenied, AuditOutcome.MinorFailure)
            {
                SourceName = sourceId, StudyInstanceUid = studyUid, ObjectType = "Viewer", Detail = "Viewer opened without access to the study",
            }, _reader, _cancel.Token);
        }
    }

    /// <summary>Audits the opening of the loaded study (patient id and name, emergency when under break-glass).</summary>
    private async Task RecordOpeningAsync()
    {
        if (_study is null || !Access.ShouldRecord(AuditActions.StudyOpened, _reader, SourceId, StudyInstanceUid, OpeningWindow))
        {
            return;
        }
        await Audit.RecordAsync(new AuditEntry(AuditActions.StudyOpened)
        {
            SourceName = SourceId, StudyInstanceUid = _study.StudyInstanceUid, PatientId = _study.PatientId, PatientName = _study.PatientName,
            ObjectType = "Viewer", Emergency = _access?.Emergency == true,
            Detail = _access?.Emergency == true ? "Opened under break-glass" : null,
        }, _reader, _cancel.Token);
    }

    /// <summary>The break-glass panel's reason: grants emergency access (audited) and opens the study.</summary>
    private async Task BreakGlassAsync(string reason)
    {
        if (_breakingGlass)
        {
            return;
        }
        _breakingGlass = true;
        _breakGlassError = null;
        try
        {
            await Access.BreakGlassAsync(_reader, SourceId, StudyInstanceUid, reason, cancellationToken: _cancel.Token);
            await LoadStudyAsync();
        }
        catch (StudyAccessException e)
        {
            _breakGlassError = e.Message;
        }
        finally
        {
            _breakingGlass = false;
        }
    }
}
