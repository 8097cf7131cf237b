namespace PacsViewer.Core.Dicom;

/// <summary>
/// A PN value (PS3.5 6.2.1): up to three component groups (alphabetic, ideographic, phonetic) separated by
/// '=', each of up to five components (family, given, middle, prefix, suffix) separated by '^'.
/// </summary>
public sealed record DicomPersonName(DicomPersonNameGroup Alphabetic, DicomPersonNameGroup Ideographic, DicomPersonNameGroup Phonetic)
{
    public static DicomPersonName Parse(string value)
    {
        var groups = value.Split('=');
        DicomPersonNameGroup Group(int i) => i < groups.Length ? DicomPersonNameGroup.Parse(groups[i]) : DicomPersonNameGroup.Empty;
        return new DicomPersonName(Group(0), Group(1), Group(2));
    }

    /// <summary>The value as encoded, without trailing empty groups.</summary>
    public override string ToString()
    {
        var parts = new[] { Alphabetic.ToString(), Ideographic.ToString(), Phonetic.ToString() };
        var n = parts.Length;
        while (n > 0 && parts[n - 1].Length == 0)
        {
            n--;
        }
        return string.Join('=', parts.Take(n));
    }

    /// <summary>"Family, Given Middle" from the first non-empty group, for display.</summary>
    public string ToDisplayString()
    {
        var g = !Alphabetic.IsEmpty ? Alphabetic : !Ideographic.IsEmpty ? Ideographic : Phonetic;
        return g.ToDisplayString();
    }
}
