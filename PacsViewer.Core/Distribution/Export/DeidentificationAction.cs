namespace PacsViewer.Core.Distribution.Export;

/// <summary>The action codes of PS3.15 Table E.1-1 (Basic Application Level Confidentiality Profile column).</summary>
public enum DeidentificationAction
{
    /// <summary>K: keep (a sequence's items are still processed).</summary>
    Keep,

    /// <summary>X: remove.</summary>
    Remove,

    /// <summary>Z: replace with a zero-length value (a sequence: with no items).</summary>
    Zero,

    /// <summary>D: replace with a non-zero-length dummy value of the same VR (a sequence: its items processed).</summary>
    Dummy,

    /// <summary>U: replace each UID with a non-zero-length UID, the same one for the same original within an export.</summary>
    ReplaceUid,
}
