using System.Globalization;

namespace PacsViewer.Core.Dicom;

/// <summary>
/// Lenient parsing of DS and IS text (PS3.5 6.2: fixed or floating point, optional sign and exponent,
/// leading/trailing spaces). Also accepts a comma decimal separator written by some devices.
/// </summary>
public static class DicomDecimalString
{
    public static bool TryParse(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.Trim(' ', '\0');
        if (s.Contains(',', StringComparison.Ordinal) && !s.Contains('.', StringComparison.Ordinal))
        {
            s = s.Replace(',', '.');
        }
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return double.TryParse(s, Styles, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Formats a number as DS: at most 16 characters (PS3.5 Table 6.2-1).</summary>
    public static string Format(double value)
    {
        for (var digits = 15; digits > 0; digits--)
        {
            var s = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (s.Length <= 16)
            {
                return s;
            }
        }
        return value.ToString("E3", CultureInfo.InvariantCulture);
    }
}
