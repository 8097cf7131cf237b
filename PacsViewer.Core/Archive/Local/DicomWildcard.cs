using System.Text;

namespace PacsViewer.Core.Archive.Local;

/// <summary>
/// Wild card matching keys (PS3.4 C.2.2.2.4): <c>*</c> matches any run of characters (also none) and <c>?</c>
/// one character; a key of only <c>*</c> matches everything, including empty values, so it does not constrain.
/// </summary>
internal static class DicomWildcard
{
    public const char LikeEscape = '\\';

    /// <summary>True when the key does not constrain: null, empty, or only asterisks (PS3.4 C.2.2.2.4).</summary>
    public static bool IsUniversal(string? key) => string.IsNullOrEmpty(key) || key.All(c => c == '*');

    public static bool HasWildcards(string key) => key.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>The key as a SQL LIKE pattern with <see cref="LikeEscape"/> as the escape character.</summary>
    public static string ToLikePattern(string key)
    {
        var sb = new StringBuilder(key.Length + 4);
        foreach (var c in key)
        {
            switch (c)
            {
                case '*': sb.Append('%'); break;
                case '?': sb.Append('_'); break;
                case '%' or '_' or LikeEscape: sb.Append(LikeEscape).Append(c); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The key as a SQLite GLOB pattern (case-sensitive; <c>*</c> and <c>?</c> mean the same there).</summary>
    public static string ToGlobPattern(string key)
    {
        var sb = new StringBuilder(key.Length + 4);
        foreach (var c in key)
        {
            // GLOB's only other special character is '[': a one-character class escapes it.
            _ = c == '[' ? sb.Append("[[]") : sb.Append(c);
        }
        return sb.ToString();
    }
}
