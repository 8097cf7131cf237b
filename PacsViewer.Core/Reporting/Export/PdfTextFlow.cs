using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// Lays text out top to bottom on A4 pages: wraps paragraphs at word boundaries (a word wider than the line is broken
/// between characters), starts a new page when the next line does not fit, and numbers the pages at the end.
/// </summary>
internal sealed class PdfTextFlow : IDisposable
{
    private const double Margin = 50;
    private const double FooterHeight = 24;

    private readonly PdfDocument _document;
    private readonly List<PdfPage> _pages = [];
    private XGraphics? _graphics;
    private double _y;

    public PdfTextFlow(PdfDocument document)
    {
        _document = document;
        NewPage();
    }

    public XFont Body { get; } = new(DejaVuFontResolver.Family, 10, XFontStyleEx.Regular);

    public XFont Strong { get; } = new(DejaVuFontResolver.Family, 10, XFontStyleEx.Bold);

    public XFont Heading { get; } = new(DejaVuFontResolver.Family, 12, XFontStyleEx.Bold);

    public XFont Title { get; } = new(DejaVuFontResolver.Family, 16, XFontStyleEx.Bold);

    public XFont Small { get; } = new(DejaVuFontResolver.Family, 8, XFontStyleEx.Regular);

    private XGraphics Graphics => _graphics!;

    private double Width => _pages[^1].Width.Point - 2 * Margin;

    private double Bottom => _pages[^1].Height.Point - Margin - FooterHeight;

    /// <summary>A title line with <paramref name="badge"/> right-aligned on the same line.</summary>
    public void TitleLine(string title, string badge, XBrush badgeBrush)
    {
        var height = Title.GetHeight();
        EnsureRoom(height);
        Graphics.DrawString(title, Title, XBrushes.Black, new XPoint(Margin, _y), XStringFormats.TopLeft);
        var width = Graphics.MeasureString(badge, Title).Width;
        Graphics.DrawString(badge, Title, badgeBrush, new XPoint(Margin + Width - width, _y), XStringFormats.TopLeft);
        _y += height + 4;
    }

    /// <summary>Wrapped text; blank lines in <paramref name="text"/> are kept.</summary>
    public void Paragraph(string text, XFont font, XBrush? brush = null, double indent = 0)
    {
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var lines = Wrap(paragraph, font, Width - indent);
            foreach (var line in lines.Count == 0 ? [""] : lines)
            {
                var height = font.GetHeight();
                EnsureRoom(height);
                Graphics.DrawString(line, font, brush ?? XBrushes.Black, new XPoint(Margin + indent, _y), XStringFormats.TopLeft);
                _y += height;
            }
        }
    }

    /// <summary>"Label: value" with the label in bold, the value wrapped after it.</summary>
    public void Field(string label, string value)
    {
        var labelText = label + ": ";
        var labelWidth = Graphics.MeasureString(labelText, Strong).Width;
        var lines = Wrap(value, Body, Width - labelWidth);
        var height = Body.GetHeight();
        for (var i = 0; i < Math.Max(1, lines.Count); i++)
        {
            EnsureRoom(height);
            if (i == 0)
            {
                Graphics.DrawString(labelText, Strong, XBrushes.Black, new XPoint(Margin, _y), XStringFormats.TopLeft);
            }
            if (i < lines.Count)
            {
                Graphics.DrawString(lines[i], Body, XBrushes.Black, new XPoint(Margin + labelWidth, _y), XStringFormats.TopLeft);
            }
            _y += height;
        }
    }

    public void Space(double points) => _y = Math.Min(_y + points, Bottom);

    /// <summary>A horizontal rule across the text width.</summary>
    public void Rule()
    {
        EnsureRoom(6);
        Graphics.DrawLine(XPens.Gray, Margin, _y + 3, Margin + Width, _y + 3);
        _y += 8;
    }

    /// <summary>Writes "<paramref name="footer"/> · page i of n" at the bottom of every page.</summary>
    public void Finish(string footer)
    {
        _graphics?.Dispose();
        _graphics = null;
        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var text = $"{footer} · page {i + 1} of {_pages.Count}";
            g.DrawString(text, Small, XBrushes.Gray, new XPoint(Margin, page.Height.Point - Margin), XStringFormats.TopLeft);
        }
    }

    public void Dispose() => _graphics?.Dispose();

    private void EnsureRoom(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        _pages.Add(page);
        _graphics = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    /// <summary>Greedy word wrap by measured width.</summary>
    private List<string> Wrap(string paragraph, XFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in paragraph.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (Graphics.MeasureString(candidate, font).Width <= width)
            {
                line = candidate;
                continue;
            }
            if (line.Length > 0)
            {
                lines.Add(line);
            }
            line = word;
            // A word wider than the line: break it between characters.
            while (line.Length > 1 && Graphics.MeasureString(line, font).Width > width)
            {
                var fit = 1;
                while (fit < line.Length && Graphics.MeasureString(line[..(fit + 1)], font).Width <= width)
                {
                    fit++;
                }
                lines.Add(line[..fit]);
                line = line[fit..];
            }
        }
        if (line.Length > 0)
        {
            lines.Add(line);
        }
        return lines;
    }
}
