using System.Text;

namespace PacsViewer.Core.Distribution.Upload;

/// <summary>
/// The name shown for an uploaded file: what the browser or the ZIP said, as text only. Control characters are
/// dropped and the length is bounded; path separators and <c>..</c> are kept as characters, since the name is never
/// used as a path (staged files get server-generated names).
/// </summary>
public static class UploadLabel
{
    /// <summary>Longest label kept (the item's Label column holds 256).</summary>
    public const int MaxLength = 200;

    public static string Sanitize(string? name, string fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        if (string.IsNullOrWhiteSpace(name))
        {
            return fallback;
        }
        var text = new StringBuilder(Math.Min(name.Length, MaxLength));
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.PrivateUse)
            {
                continue;
            }
            if (text.Length + rune.Utf16SequenceLength > MaxLength - 1)
            {
                text.Append('…');
                break;
            }
            text.Append(rune.ToString());
        }
        var label = text.ToString().Trim();
        return label.Length == 0 ? fallback : label;
    }
}
