using PdfSharp.Fonts;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// Gives PDFsharp the DejaVu Sans faces of Debian's fonts-dejavu-core package (no font files are bundled). PDFsharp
/// has no font system of its own on Linux and takes its resolver as one process-wide setting, which may be set once
/// only: <see cref="Install"/> sets it the first time and checks it afterwards. That setting is PDFsharp's; it is the
/// one piece of global state here and holds nothing but the font folder.
/// </summary>
internal sealed class DejaVuFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();
    private static DejaVuFontResolver? _installed;

    private readonly string _directory;

    private DejaVuFontResolver(string directory)
    {
        _directory = directory;
    }

    /// <summary>Makes sure PDFsharp resolves fonts from <paramref name="directory"/>.</summary>
    /// <exception cref="ReportExportException">The fonts are missing, or another resolver was installed before.</exception>
    public static void Install(string directory)
    {
        var full = Path.GetFullPath(directory);
        lock (Gate)
        {
            if (_installed is not null)
            {
                if (!string.Equals(_installed._directory, full, StringComparison.Ordinal))
                {
                    throw new ReportExportException($"PDF fonts are already taken from {_installed._directory}; PDFsharp cannot switch to {full} in the same process");
                }
                return;
            }
            foreach (var face in new[] { Regular, Bold })
            {
                var path = Path.Combine(full, face + ".ttf");
                if (!File.Exists(path))
                {
                    throw new ReportExportException($"the PDF export needs the font {path}, which is missing: install the Debian package fonts-dejavu-core (apt-get install fonts-dejavu-core) or set Reporting:Export:FontDirectory");
                }
            }
            if (GlobalFontSettings.FontResolver is { } other && other is not DejaVuFontResolver)
            {
                throw new ReportExportException($"another PDFsharp font resolver ({other.GetType().Name}) is installed in this process");
            }
            var resolver = new DejaVuFontResolver(full);
            GlobalFontSettings.FontResolver = resolver;
            _installed = resolver;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular);

    public byte[]? GetFont(string faceName) =>
        faceName is Regular or Bold ? File.ReadAllBytes(Path.Combine(_directory, faceName + ".ttf")) : null;
}
