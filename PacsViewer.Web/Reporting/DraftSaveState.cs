namespace PacsViewer.Web.Reporting;

/// <summary>Where the editor's text stands with the server.</summary>
public enum DraftSaveState
{
    /// <summary>The server holds exactly the editor's text.</summary>
    Saved,

    /// <summary>Typed but not yet sent; a save is scheduled.</summary>
    Pending,

    Saving,

    /// <summary>The last save failed (see the error); the text is kept and tried again.</summary>
    Failed,

    /// <summary>Another session saved first; nothing is saved until the user chooses whose text to keep.</summary>
    Conflict,
}
