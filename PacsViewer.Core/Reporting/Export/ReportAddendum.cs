namespace PacsViewer.Core.Reporting.Export;

/// <summary>A signed addendum to a Final report.</summary>
/// <param name="Version">The report version this addendum created (2 for the first addendum).</param>
/// <param name="Text">The addendum's text.</param>
/// <param name="AuthorUserName">The signing radiologist's user name.</param>
/// <param name="AuthorDisplayName">The signing radiologist's name as shown, ideally a DICOM PN (Family^Given).</param>
/// <param name="SignedAt">When the addendum was signed.</param>
public sealed record ReportAddendum(int Version, string Text, string AuthorUserName, string AuthorDisplayName, DateTimeOffset SignedAt);
