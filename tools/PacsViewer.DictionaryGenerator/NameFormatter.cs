using System.Text;

namespace PacsViewer.DictionaryGenerator;

/// <summary>Derives a readable name from a keyword when the source has none: "SOPClassUID" -> "SOP Class UID".</summary>
internal static class NameFormatter
{
    public static string FromKeyword(string keyword)
    {
        var sb = new StringBuilder(keyword.Length + 8);
        for (var i = 0; i < keyword.Length; i++)
        {
            var c = keyword[i];
            if (c == '_')
            {
                AppendSpace(sb);
                continue;
            }
            if (i > 0 && char.IsUpper(c))
            {
                var prev = keyword[i - 1];
                var nextIsLower = i + 1 < keyword.Length && char.IsLower(keyword[i + 1]);
                // A word starts at an upper-case letter after a lower-case letter or digit, or at the last
                // capital of an acronym that a lower-case word follows ("UIDList" -> "UID List").
                if (char.IsLower(prev) || char.IsDigit(prev) || (char.IsUpper(prev) && nextIsLower))
                {
                    AppendSpace(sb);
                }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static void AppendSpace(StringBuilder sb)
    {
        if (sb.Length > 0 && sb[^1] != ' ')
        {
            sb.Append(' ');
        }
    }
}
