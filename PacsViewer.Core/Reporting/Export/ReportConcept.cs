namespace PacsViewer.Core.Reporting.Export;

/// <summary>A coded concept as the Code Sequence Macro carries it (PS3.3 8.8): code value, coding scheme designator, meaning.</summary>
internal sealed record ReportConcept(string Value, string Scheme, string Meaning);
