namespace PacsViewer.Core.Dicom;

/// <summary>One component group of a person name: family^given^middle^prefix^suffix (PS3.5 6.2.1.1).</summary>
public sealed record DicomPersonNameGroup(string Family, string Given, string Middle, string Prefix, string Suffix)
{
    public static readonly DicomPersonNameGroup Empty = new("", "", "", "", "");

    public bool IsEmpty => Family.Length + Given.Length + Middle.Length + Prefix.Length + Suffix.Length == 0;

    public static DicomPersonNameGroup Parse(string group)
    {
        var c = group.Split('^');
        string At(int i) => i < c.Length ? c[i].Trim() : "";
        return new DicomPersonNameGroup(At(0), At(1), At(2), At(3), At(4));
    }

    public override string ToString()
    {
        var parts = new[] { Family, Given, Middle, Prefix, Suffix };
        var n = parts.Length;
        while (n > 0 && parts[n - 1].Length == 0)
        {
            n--;
        }
        return string.Join('^', parts.Take(n));
    }

    public string ToDisplayString()
    {
        var given = string.Join(' ', new[] { Prefix, Given, Middle, Suffix }.Where(s => s.Length > 0));
        return given.Length == 0 ? Family : Family.Length == 0 ? given : $"{Family}, {given}";
    }
}
