namespace PacsViewer.Core.Audit.Export;

/// <summary>How this installation names itself in exported audit messages (<c>Audit:Export</c>).</summary>
public sealed class AuditExportOptions
{
    public const string SectionName = "Audit:Export";

    /// <summary>AuditSourceID (PS3.15 A.5.1): the application that recorded the events.</summary>
    public string SourceId { get; set; } = "PacsViewer";

    /// <summary>AuditEnterpriseSiteID: the hospital or site, when configured.</summary>
    public string? EnterpriseSiteId { get; set; }
}
