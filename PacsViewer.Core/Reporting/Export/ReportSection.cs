namespace PacsViewer.Core.Reporting.Export;

/// <summary>One titled section of a report (e.g. "Findings", "Impression") with its text.</summary>
/// <param name="Title">The section heading as the template names it.</param>
/// <param name="Text">The section's text; may span several lines.</param>
public sealed record ReportSection(string Title, string Text);
