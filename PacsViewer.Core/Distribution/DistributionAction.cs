namespace PacsViewer.Core.Distribution;

/// <summary>The distribution actions whose roles an admin sets (<see cref="DistributionPermission"/>).</summary>
public enum DistributionAction
{
    Send,

    /// <summary>Exporting with the patient's identity (a ZIP as stored).</summary>
    Export,

    /// <summary>Exporting de-identified (PS3.15 Annex E); may be allowed to more roles than <see cref="Export"/>.</summary>
    ExportDeidentified,

    Upload,
}
