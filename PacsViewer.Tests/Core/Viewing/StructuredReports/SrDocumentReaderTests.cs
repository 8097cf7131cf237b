using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Viewing.StructuredReports;

namespace PacsViewer.Tests.Core.Viewing.StructuredReports;

/// <summary>SR trees built here with DicomDatasetBuilder: the sample corpus holds no SR document.</summary>
public sealed class SrDocumentReaderTests
{
    private static DicomDataset Code(string value, string scheme, string meaning) => new DicomDatasetBuilder()
        .Set(DicomTags.CodeValue, value).Set(DicomTags.CodingSchemeDesignator, scheme).Set(DicomTags.CodeMeaning, meaning).ToDataset();

    private static DicomDatasetBuilder Item(string relationship, string valueType, string concept) => new DicomDatasetBuilder()
        .Set(DicomTags.RelationshipType, relationship)
        .Set(DicomTags.ValueType, valueType)
        .SetSequence(DicomTags.ConceptNameCodeSequence, Code("X-" + concept, "99TEST", concept));

    [Fact]
    public void Read_ItemsOfEachValueType_ReadableValuesAndText()
    {
        var num = Item("CONTAINS", "NUM", "Diameter")
            .SetSequence(DicomTags.MeasuredValueSequence, new DicomDatasetBuilder()
                .Set(DicomTags.NumericValue, "12.5")
                .SetSequence(DicomTags.MeasurementUnitsCodeSequence, Code("mm", "UCUM", "millimeter"))
                .ToDataset())
            .ToDataset();
        var code = Item("HAS PROPERTIES", "CODE", "Finding site").SetSequence(DicomTags.ConceptCodeSequence, Code("T-28000", "SRT", "Lung")).ToDataset();
        var person = Item("HAS OBS CONTEXT", "PNAME", "Observer").Set(DicomTags.PersonName, "READER^ONE").ToDataset();
        var date = Item("HAS OBS CONTEXT", "DATE", "Observation date").Set(DicomTags.Date, "20240314").ToDataset();
        var uid = Item("HAS OBS CONTEXT", "UIDREF", "Study").Set(DicomTags.UID, "1.2.3").ToDataset();
        var scoord = Item("CONTAINS", "SCOORD", "Outline").ToDataset();
        var root = new DicomDatasetBuilder()
            .Set(DicomTags.ValueType, "CONTAINER")
            .SetSequence(DicomTags.ConceptNameCodeSequence, Code("18748-4", "LN", "Diagnostic imaging report"))
            .Set(DicomTags.CompletionFlag, "PARTIAL")
            .Set(DicomTags.VerificationFlag, "VERIFIED")
            .SetSequence(DicomTags.ContentSequence, num, code, person, date, uid, scoord)
            .ToDataset();

        var sr = SrDocumentReader.Read(root);

        Assert.Equal(("Diagnostic imaging report", "PARTIAL", "VERIFIED"), (sr.Title, sr.CompletionFlag, sr.VerificationFlag));
        Assert.Equal(["12.5 mm", "Lung", "READER, ONE", "2024-03-14", "1.2.3", "(SCOORD content is not shown)"],
            sr.Root.Children.Select(c => c.Value));
        Assert.Equal("HAS PROPERTIES", sr.Root.Children[1].Relationship);
        Assert.Equal(new SrCode("X-Diameter", "99TEST", "Diameter"), sr.Root.Children[0].ConceptName);
        Assert.StartsWith("Diagnostic imaging report\n  Diameter: 12.5 mm\n  Finding site: Lung\n", sr.Text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Read_TreeDeeperThanTheBound_CutWithANote()
    {
        var item = Item("CONTAINS", "TEXT", "Leaf").Set(DicomTags.TextValue, "bottom").ToDataset();
        for (var i = 0; i < SrDocumentReader.MaxDepth + 5; i++)
        {
            item = Item("CONTAINS", "CONTAINER", "Level").SetSequence(DicomTags.ContentSequence, item).ToDataset();
        }

        var sr = SrDocumentReader.Read(item);

        var depth = 0;
        var node = sr.Root;
        while (node.Children.Count > 0)
        {
            node = node.Children[0];
            depth++;
        }
        Assert.Equal(SrDocumentReader.MaxDepth + 1, depth);
        Assert.Contains("nested deeper than", node.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("bottom", sr.Text, StringComparison.Ordinal);
    }
}
