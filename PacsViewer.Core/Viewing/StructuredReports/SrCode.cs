namespace PacsViewer.Core.Viewing.StructuredReports;

/// <summary>A coded concept (PS3.3 8.8, Code Sequence Macro): value, coding scheme and meaning.</summary>
public sealed record SrCode(string? Value, string? Scheme, string? Meaning)
{
    public override string ToString() => Meaning ?? $"({Value}, {Scheme})";
}
