namespace PacsViewer.Core.Viewing.StructuredReports;

/// <summary>
/// One content item of an SR document tree (PS3.3 C.17.3): its relationship to its parent (CONTAINS, HAS PROPERTIES,
/// ...), value type (CONTAINER, TEXT, CODE, NUM, PNAME, DATE, TIME, DATETIME, UIDREF, IMAGE, COMPOSITE, ...), concept
/// name, value as readable text, and children.
/// </summary>
public sealed record SrContentItem(string? Relationship, string ValueType, SrCode? ConceptName, string? Value,
    IReadOnlyList<SrContentItem> Children);
