namespace PacsViewer.Core.Dicom;

/// <summary>Numeric values of an element, with any text values that failed to parse (DS/IS).</summary>
public sealed record DicomNumbers(double[] Values, string[] Invalid)
{
    public static readonly DicomNumbers None = new([], []);

    public bool HasInvalid => Invalid.Length > 0;
}
