namespace PacsViewer.Core.Viewing.StructuredReports;

/// <summary>An SR document for reading: flags of the SR Document General module (PS3.3 C.17.2), the content tree, and the tree as indented text.</summary>
public sealed record SrDocument(string? Title, string? CompletionFlag, string? VerificationFlag, SrContentItem Root, string Text);
