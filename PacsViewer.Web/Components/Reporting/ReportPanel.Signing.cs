using PacsViewer.Core.Reporting;

namespace PacsViewer.Web.Components.Reporting;

/// <summary>The panel's dialogs: signing (Preliminary, Final), addenda and the critical-result record.</summary>
public sealed partial class ReportPanel
{
    private ReportStatus? _signTarget;
    private bool _addendumOpen;
    private bool _criticalOpen;
    private bool _busy;
    private string _password = "";
    private string _addendumText = "";
    private string _criticalTo = "";
    private string _criticalNote = "";
    private DateTime _criticalAt;
    private string? _dialogError;

    private void OpenSign(ReportStatus target)
    {
        ResetDialogs();
        _signTarget = target;
    }

    private void CloseSign() => ResetDialogs();

    private void OpenAddendum()
    {
        ResetDialogs();
        _addendumOpen = true;
    }

    private void CloseAddendum() => ResetDialogs();

    private void OpenCritical()
    {
        ResetDialogs();
        _criticalAt = Time.GetLocalNow().DateTime;
        _criticalOpen = true;
    }

    private void CloseCritical() => ResetDialogs();

    private void ResetDialogs()
    {
        _signTarget = null;
        _addendumOpen = false;
        _criticalOpen = false;
        _password = "";
        _addendumText = "";
        _criticalTo = "";
        _criticalNote = "";
        _dialogError = null;
    }

    /// <summary>Saves the pending text, then signs the version saved; a wrong password leaves the draft as it was.</summary>
    private async Task SignAsync()
    {
        if (_draft is not { } draft || _signTarget is not { } target)
        {
            return;
        }
        _busy = true;
        _dialogError = null;
        try
        {
            await draft.FlushAsync(_cancel.Token);
            if (draft.Conflict is not null || draft.State == Web.Reporting.DraftSaveState.Failed)
            {
                _dialogError = draft.Conflict is not null
                    ? "Another session changed this report: choose whose text to keep before signing."
                    : $"The text is not saved ({draft.Error}); it was not signed.";
                return;
            }
            var version = await Reports.SignAsync(draft.ReportId, draft.Version, target, _password, User, _cancel.Token);
            draft.Rebase(version);
            ResetDialogs();
            await ReloadAsync();
        }
        catch (ReportingException e)
        {
            // SignatureRejectedException among them: the dialog stays open, the draft unchanged.
            _dialogError = e.Message;
        }
        finally
        {
            _busy = false;
            _password = "";
        }
    }

    private async Task AddAddendumAsync()
    {
        if (_view is not { } view)
        {
            return;
        }
        _busy = true;
        _dialogError = null;
        try
        {
            await Reports.AddAddendumAsync(view.Id, _addendumText, _password, User, _cancel.Token);
            ResetDialogs();
            await ReloadAsync();
        }
        catch (ReportingException e)
        {
            _dialogError = e.Message;
        }
        finally
        {
            _busy = false;
            _password = "";
        }
    }

    private async Task RecordCriticalAsync()
    {
        if (_view is not { } view)
        {
            return;
        }
        _busy = true;
        _dialogError = null;
        try
        {
            var at = new DateTimeOffset(_criticalAt, Time.LocalTimeZone.GetUtcOffset(_criticalAt));
            await Reports.RecordCriticalResultAsync(view.Id, _criticalTo, at, string.IsNullOrWhiteSpace(_criticalNote) ? null : _criticalNote, User,
                _cancel.Token);
            ResetDialogs();
            var draftVersion = _draft?.Version;
            _view = await Reports.GetForStudyAsync(Study, User, _cancel.Token);
            if (draftVersion is { } v)
            {
                _draft?.Rebase(v);
            }
        }
        catch (ReportingException e)
        {
            _dialogError = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
