using System.Text.RegularExpressions;
using PacsViewer.Core.Reporting.Export;
using PdfSharp.Pdf.IO;

namespace PacsViewer.Tests.Core.Reporting.Export;

/// <summary>The PDF opened again by PDFsharp's reader (page count) and its text extracted by poppler's pdftotext.</summary>
public sealed partial class ReportPdfWriterTests
{
    private static readonly ReportPdfWriter Writer = new(ReportSamples.Options());

    private static int PageCount(byte[] pdf)
    {
        using var stream = new MemoryStream(pdf);
        using var document = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
        return document.PageCount;
    }

    private static async Task<string> TextAsync(byte[] pdf)
    {
        using var temp = new TempDirectory();
        var path = temp.File("report.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        return await ExternalTools.PdfToTextAsync(path);
    }

    /// <summary>The extracted text without page footers, with all whitespace runs as one space.</summary>
    private static string Flow(string text) =>
        Whitespace().Replace(string.Join(' ', text.Split('\n').Where(l => !FooterLine().IsMatch(l))), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^Report [0-9a-f-]{36} version \d+ · page \d+ of \d+")]
    private static partial Regex FooterLine();

    [Fact]
    public async Task Write_FinalReport_OnePageWithHeaderSectionsSignerAndCriticalResult()
    {
        var report = ReportSamples.Final(ReportSamples.NewUid());

        var pdf = Writer.Write(report);
        var text = await TextAsync(pdf);

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        Assert.Equal(1, PageCount(pdf));
        Assert.Contains("FINAL", text, StringComparison.Ordinal);
        Assert.Contains("Patient: Doe, Jane", text, StringComparison.Ordinal);
        Assert.Contains("Patient ID: PV-EXPORT-1", text, StringComparison.Ordinal);
        Assert.Contains("Accession number: ACC-EXPORT-1", text, StringComparison.Ordinal);
        Assert.Contains("Study date: 2026-03-13", text, StringComparison.Ordinal);
        Assert.Contains("Findings", text, StringComparison.Ordinal);
        Assert.Contains(ReportSamples.FindingsText, Flow(text), StringComparison.Ordinal);
        Assert.Contains(ReportSamples.ImpressionText, Flow(text), StringComparison.Ordinal);
        Assert.Contains("Critical result communicated to Dr Ward (ED) at 2026-03-14 09:21 +01:00. read back", Flow(text), StringComparison.Ordinal);
        Assert.Contains("Signed by Radiologist, Robin on 2026-03-14 09:26 +01:00", text, StringComparison.Ordinal);
        Assert.Contains($"Report {report.ReportId:D} version 1 · page 1 of 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AMENDED", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_AmendedReportWithLongFindings_WrapsAcrossPagesWithAddendumAfterTheOriginal()
    {
        var sentences = string.Join(' ', Enumerable.Range(1, 400).Select(i => $"Sentence {i} describes an unremarkable structure."));
        var longWord = new string('x', 300);
        var original = ReportSamples.Final(ReportSamples.NewUid()) with
        {
            Sections = [new ReportSection("Findings", sentences + "\n" + longWord), new ReportSection("Impression", ReportSamples.ImpressionText)],
        };
        var report = ReportSamples.WithAddendum(original);

        var pdf = Writer.Write(report);
        var text = await TextAsync(pdf);
        var flow = Flow(text);

        var pages = PageCount(pdf);
        Assert.InRange(pages, 3, 20);
        Assert.Contains($"page {pages} of {pages}", text, StringComparison.Ordinal);
        Assert.Contains("AMENDED", text, StringComparison.Ordinal);
        // Every word arrives, in order, however the lines and pages broke.
        Assert.Contains(sentences, flow, StringComparison.Ordinal);
        // The 300-character word is broken between characters over several lines, none lost.
        var runs = Regex.Matches(flow, "x{5,}").Select(m => m.Length).ToArray();
        Assert.True(runs.Length > 1, "the long word is broken over several lines");
        Assert.Equal(300, runs.Sum());
        var impression = flow.IndexOf(ReportSamples.ImpressionText, StringComparison.Ordinal);
        var addendum = flow.IndexOf("Addendum (version 2) " + ReportSamples.AddendumText, StringComparison.Ordinal);
        Assert.True(impression > 0 && addendum > impression, "the addendum follows the original report");
        Assert.Contains("Signed by Second, Sam on 2026-03-14 11:26 +01:00", flow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_NonAsciiPatientName_ExtractsTheSameCharacters()
    {
        var report = ReportSamples.Final(ReportSamples.NewUid(), patientName: "Müller^Zoë") with
        {
            Sections = [new ReportSection("Befund", "Ödem ≤ 2 mm, kein Anhalt für Blutung.")],
        };

        var text = await TextAsync(Writer.Write(report));

        Assert.Contains("Patient: Müller, Zoë", text, StringComparison.Ordinal);
        Assert.Contains("Ödem ≤ 2 mm, kein Anhalt für Blutung.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FontsMissing_ThrowsReportExportExceptionNamingTheFolder()
    {
        using var temp = new TempDirectory();
        var writer = new ReportPdfWriter(Microsoft.Extensions.Options.Options.Create(new ReportExportOptions { FontDirectory = temp.Path }));

        var e = Assert.Throws<ReportExportException>(() => writer.Write(ReportSamples.Final(ReportSamples.NewUid())));

        Assert.Contains(temp.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_InconsistentSnapshot_ThrowsArgumentException()
    {
        var report = ReportSamples.Final(ReportSamples.NewUid()) with { Status = ReportSnapshotStatus.Amended };

        var e = Assert.Throws<ArgumentException>(() => Writer.Write(report));

        Assert.Contains("the status is Amended but it has 0 addenda", e.Message, StringComparison.Ordinal);
    }
}
