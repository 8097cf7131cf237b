using System.Globalization;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.CharacterSets;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Reporting.Export;

public sealed partial class BasicTextSrWriter
{
    /// <summary>
    /// The SR Document Content module (PS3.3 C.17.3) after PS3.16 TID 2000 (Basic Diagnostic Imaging Report): a
    /// CONTAINER titled "Diagnostic Imaging Report" (CID 7000, LOINC 18748-4) with the signer as observer context
    /// (TID 1002), one heading CONTAINER per section (CID 7001) holding a TEXT item (CID 7002, TID 2002), the
    /// critical-result communication, then each addendum as an "Addendum" container with its own signer and
    /// Observation DateTime (PS3.3 C.17.3.2, Table C.17-2). Value types and relationships stay within those that a
    /// Basic Text SR allows (PS3.3 A.35.1.3.1, Table A.35.1-2).
    /// </summary>
    private static void Content(DicomDatasetBuilder root, ReportSnapshot report, DicomCharacterSet? charset)
    {
        var children = new List<DicomDataset>();
        children.AddRange(Observer(Signer(report.AuthorDisplayName, report.AuthorUserName), charset));
        foreach (var section in report.Sections)
        {
            var (heading, element) = ReportConcepts.ForSection(section.Title);
            children.Add(Container("CONTAINS", heading, charset, [Text("CONTAINS", element, section.Text, charset)]));
        }
        if (report.Critical is { } critical)
        {
            children.Add(Container("CONTAINS", ReportConcepts.CriticalResultsHeading, charset,
                [Text("CONTAINS", ReportConcepts.Comment, CriticalText(critical), charset)]));
        }
        foreach (var addendum in report.Addenda)
        {
            var item = Container("CONTAINS", ReportConcepts.AddendumHeading, charset,
                [.. Observer(Signer(addendum.AuthorDisplayName, addendum.AuthorUserName), charset),
                    Text("CONTAINS", ReportConcepts.Addendum, addendum.Text, charset)]);
            children.Add(item.ToBuilder().Set(DicomTags.ObservationDateTime, DateTime(addendum.SignedAt)).ToDataset());
        }

        root.Set(DicomTags.ValueType, "CONTAINER")
            .SetSequence(DicomTags.ConceptNameCodeSequence, Code(ReportConcepts.DiagnosticImagingReport, charset))
            .Set(DicomTags.ContinuityOfContent, "SEPARATE")
            // PS3.3 C.17.3 Content Template Sequence: TID 2000 of the DICOM Content Mapping Resource.
            .SetSequence(DicomTags.ContentTemplateSequence, new DicomDatasetBuilder(charset)
                .Set(DicomTags.MappingResource, "DCMR")
                .Set(DicomTags.TemplateIdentifier, "2000")
                .ToDataset())
            .SetSequence(DicomTags.ContentSequence, [.. children]);
    }

    /// <summary>The critical-result line, as the PDF and FHIR exports write it too.</summary>
    internal static string CriticalText(CriticalResultNotice critical)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"Critical result communicated to {critical.CommunicatedTo} at {critical.CommunicatedAt:yyyy-MM-dd HH:mm zzz}.");
        return string.IsNullOrWhiteSpace(critical.Note) ? line : $"{line} {critical.Note}";
    }

    /// <summary>TID 1002 Observer Context for a person: Observer Type = Person, Person Observer Name.</summary>
    private static DicomDataset[] Observer(string name, DicomCharacterSet? charset) =>
    [
        new DicomDatasetBuilder(charset)
            .Set(DicomTags.RelationshipType, "HAS OBS CONTEXT")
            .Set(DicomTags.ValueType, "CODE")
            .SetSequence(DicomTags.ConceptNameCodeSequence, Code(ReportConcepts.ObserverType, charset))
            .SetSequence(DicomTags.ConceptCodeSequence, Code(ReportConcepts.Person, charset))
            .ToDataset(),
        new DicomDatasetBuilder(charset)
            .Set(DicomTags.RelationshipType, "HAS OBS CONTEXT")
            .Set(DicomTags.ValueType, "PNAME")
            .SetSequence(DicomTags.ConceptNameCodeSequence, Code(ReportConcepts.PersonObserverName, charset))
            .Set(DicomTags.PersonName, name)
            .ToDataset(),
    ];

    private static DicomDataset Container(string relationship, ReportConcept concept, DicomCharacterSet? charset, DicomDataset[] children) =>
        new DicomDatasetBuilder(charset)
            .Set(DicomTags.RelationshipType, relationship)
            .Set(DicomTags.ValueType, "CONTAINER")
            .SetSequence(DicomTags.ConceptNameCodeSequence, Code(concept, charset))
            .Set(DicomTags.ContinuityOfContent, "SEPARATE")
            .SetSequence(DicomTags.ContentSequence, children)
            .ToDataset();

    /// <summary>A TEXT content item (PS3.3 C.17.3.2.1, Text Value (0040,A160) UT).</summary>
    private static DicomDataset Text(string relationship, ReportConcept concept, string text, DicomCharacterSet? charset) =>
        new DicomDatasetBuilder(charset)
            .Set(DicomTags.RelationshipType, relationship)
            .Set(DicomTags.ValueType, "TEXT")
            .SetSequence(DicomTags.ConceptNameCodeSequence, Code(concept, charset))
            .Set(DicomTags.TextValue, NormalizeNewlines(text))
            .ToDataset();

    /// <summary>Code Sequence Macro item (PS3.3 8.8, Table 8.8-1).</summary>
    private static DicomDataset Code(ReportConcept concept, DicomCharacterSet? charset) =>
        new DicomDatasetBuilder(charset)
            .Set(DicomTags.CodeValue, concept.Value)
            .Set(DicomTags.CodingSchemeDesignator, concept.Scheme)
            .Set(DicomTags.CodeMeaning, concept.Meaning)
            .ToDataset();

    /// <summary>UT text uses CR LF between lines (PS3.5 6.1.3).</summary>
    private static string NormalizeNewlines(string text) => text.ReplaceLineEndings("\r\n").TrimEnd();
}
