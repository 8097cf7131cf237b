namespace PacsViewer.Core.Dicom.IO.DicomDir;

/// <summary>
/// Maps a File ID (PS3.10 8.2) to a file under the folder of its DICOMDIR, and to nothing outside it: every
/// component is checked before it touches the file system, and every step is resolved through symbolic links
/// and checked against the folder's real path.
/// </summary>
internal static class FileIdResolver
{
    /// <summary>PS3.10 8.2: one to eight components.</summary>
    public const int MaxComponents = 8;

    /// <summary>
    /// PS3.10 8.2 allows eight characters per component. Media written by other systems exceed it, so longer
    /// components are tolerated up to this bound; the character rule is what keeps a path inside the folder.
    /// </summary>
    public const int MaxComponentLength = 64;

    private const int MaxLinkHops = 40;

    public enum Outcome { Found, Invalid, NotFound }

    /// <summary>
    /// Why the File ID cannot be used, or null when it can. PS3.10 8.5 allows upper-case A-Z, 0-9 and '_';
    /// lower case is tolerated (media from other systems), anything else (separators, dots, drive colons,
    /// spaces, control characters) is refused.
    /// </summary>
    public static string? Validate(IReadOnlyList<string> components)
    {
        if (components.Count == 0)
        {
            return "the Referenced File ID is empty";
        }
        if (components.Count > MaxComponents)
        {
            return $"the Referenced File ID has {components.Count} components; PS3.10 8.2 allows at most {MaxComponents}";
        }
        for (var i = 0; i < components.Count; i++)
        {
            var c = components[i];
            if (c.Length == 0)
            {
                return $"component {i + 1} of the Referenced File ID is empty";
            }
            if (c.Length > MaxComponentLength)
            {
                return $"component {i + 1} of the Referenced File ID is {c.Length} characters long";
            }
            foreach (var ch in c)
            {
                if (!char.IsAsciiLetterOrDigit(ch) && ch != '_')
                {
                    return $"component {i + 1} of the Referenced File ID, '{Printable(c)}', has a character outside A-Z, 0-9 and _ (PS3.10 8.5)";
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Resolves the components one by one under <paramref name="rootRealPath"/> (a path without symbolic links,
    /// from <see cref="RealPath"/>). A component that does not exist with its exact name is matched without
    /// regard to case, for media written on a case-insensitive system; two such matches are ambiguous.
    /// </summary>
    public static Outcome TryResolve(string rootRealPath, IReadOnlyList<string> components, out string path, out string problem)
    {
        path = "";
        problem = Validate(components) ?? "";
        if (problem.Length > 0)
        {
            return Outcome.Invalid;
        }
        var current = rootRealPath;
        for (var i = 0; i < components.Count; i++)
        {
            var last = i == components.Count - 1;
            var name = FindEntry(current, components[i], out problem);
            if (name is null)
            {
                return problem.Length > 0 ? Outcome.Invalid : NotFound(components, i, out problem);
            }
            string real;
            try
            {
                real = RealPath(Path.Combine(current, name));
            }
            catch (IOException e)
            {
                problem = $"cannot resolve '{Printable(name)}': {e.Message}";
                return Outcome.Invalid;
            }
            if (!IsUnder(real, rootRealPath))
            {
                problem = $"'{string.Join('\\', components.Select(Printable))}' leads outside the DICOMDIR folder (through a symbolic link)";
                return Outcome.Invalid;
            }
            if (last ? !File.Exists(real) : !Directory.Exists(real))
            {
                return NotFound(components, i, out problem);
            }
            current = real;
        }
        path = current;
        return Outcome.Found;
    }

    /// <summary>
    /// The path with every symbolic link resolved, like POSIX realpath(3), so that containment can be judged
    /// on real locations. Components that do not exist are kept as they are.
    /// </summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "";
        var pending = new List<string>(Split(full[root.Length..]));
        var current = root;
        var hops = 0;
        while (pending.Count > 0)
        {
            var segment = pending[0];
            pending.RemoveAt(0);
            if (segment == ".")
            {
                continue;
            }
            if (segment == "..")
            {
                // current holds no links, so its lexical parent is its real parent.
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Combine(current, segment);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++hops > MaxLinkHops)
            {
                throw new IOException($"more than {MaxLinkHops} symbolic links while resolving {path}");
            }
            if (Path.IsPathRooted(target))
            {
                var targetRoot = Path.GetPathRoot(target) ?? "";
                current = targetRoot;
                pending.InsertRange(0, Split(target[targetRoot.Length..]));
            }
            else
            {
                pending.InsertRange(0, Split(target));
            }
        }
        return current;
    }

    public static bool IsUnder(string path, string folder)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, comparison);
    }

    /// <summary>The entry of <paramref name="folder"/> named <paramref name="component"/>, exactly or else ignoring case.</summary>
    private static string? FindEntry(string folder, string component, out string problem)
    {
        problem = "";
        var exact = Path.Combine(folder, component);
        if (File.Exists(exact) || Directory.Exists(exact) || new FileInfo(exact).LinkTarget is not null)
        {
            return component;
        }
        string[] matches;
        try
        {
            matches = Directory.EnumerateFileSystemEntries(folder)
                .Select(Path.GetFileName)
                .Where(n => string.Equals(n, component, StringComparison.OrdinalIgnoreCase))
                .ToArray()!;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (matches.Length > 1)
        {
            problem = $"'{component}' matches {matches.Length} entries that differ only in case";
            return null;
        }
        return matches.Length == 1 ? matches[0] : null;
    }

    private static Outcome NotFound(IReadOnlyList<string> components, int index, out string problem)
    {
        problem = $"'{string.Join('\\', components.Take(index + 1))}' does not exist in the DICOMDIR folder";
        return Outcome.NotFound;
    }

    private static string[] Split(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static string Printable(string text) =>
        new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
