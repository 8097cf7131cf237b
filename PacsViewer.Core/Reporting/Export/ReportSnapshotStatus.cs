namespace PacsViewer.Core.Reporting.Export;

/// <summary>The status of a signed report version as exported.</summary>
public enum ReportSnapshotStatus
{
    /// <summary>The original signed report (version 1), no addenda.</summary>
    Final,

    /// <summary>A signed report with one or more signed addenda (version 2 and later).</summary>
    Amended,
}
