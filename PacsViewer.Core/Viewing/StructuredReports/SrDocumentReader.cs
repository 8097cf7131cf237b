using System.Globalization;
using System.Text;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Viewing.StructuredReports;

/// <summary>
/// Reads the content tree of an SR document (PS3.3 C.17.3, SR Document Content module) into plain records and
/// readable text. The tree is bounded (<see cref="MaxDepth"/>, <see cref="MaxItems"/>): a deeper or larger tree is cut
/// with a note, never followed without end.
/// </summary>
public static class SrDocumentReader
{
    public const int MaxDepth = 32;

    public const int MaxItems = 20_000;

    public static SrDocument Read(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var budget = new int[] { MaxItems };
        var root = Item(dataset, null, 0, budget);
        var text = new StringBuilder();
        Write(root, 0, text);
        if (budget[0] <= 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"[content cut after {MaxItems} items]");
        }
        return new SrDocument(root.ConceptName?.Meaning, dataset.GetFirstString(DicomTags.CompletionFlag),
            dataset.GetFirstString(DicomTags.VerificationFlag), root, text.ToString());
    }

    private static SrContentItem Item(DicomDataset item, string? relationship, int depth, int[] budget)
    {
        budget[0]--;
        var valueType = item.GetFirstString(DicomTags.ValueType)?.ToUpperInvariant() ?? "CONTAINER";
        var children = new List<SrContentItem>();
        if (depth < MaxDepth)
        {
            foreach (var child in item.GetSequence(DicomTags.ContentSequence))
            {
                if (budget[0] <= 0)
                {
                    break;
                }
                children.Add(Item(child, child.GetFirstString(DicomTags.RelationshipType), depth + 1, budget));
            }
        }
        else if (item.GetSequence(DicomTags.ContentSequence).Count > 0)
        {
            children.Add(new SrContentItem(null, "TEXT", null, $"[content nested deeper than {MaxDepth} levels left out]", []));
        }
        return new SrContentItem(relationship, valueType, Code(item, DicomTags.ConceptNameCodeSequence), Value(item, valueType), children);
    }

    /// <summary>The readable value of an item by value type (PS3.3 C.17.3.2.1 and Table C.17-7 onwards).</summary>
    private static string? Value(DicomDataset item, string valueType) => valueType switch
    {
        "TEXT" => item.GetString(DicomTags.TextValue),
        "CODE" => Code(item, DicomTags.ConceptCodeSequence)?.ToString(),
        "NUM" => Number(item),
        "PNAME" => item.GetPersonName(DicomTags.PersonName)?.ToDisplayString(),
        "DATE" => StudySummary.Date(item, DicomTags.Date),
        "TIME" => StudySummary.Time(item, DicomTags.Time),
        "DATETIME" => item.GetDateTime(DicomTags.DateTime)?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? item.GetFirstString(DicomTags.DateTime),
        "UIDREF" => item.GetFirstString(DicomTags.UID),
        "IMAGE" or "COMPOSITE" or "WAVEFORM" => Reference(item),
        "CONTAINER" => null,
        _ => $"({valueType} content is not shown)",
    };

    /// <summary>NUM: Measured Value Sequence's Numeric Value and the units' code value (UCUM) (PS3.3 C.18.1).</summary>
    private static string? Number(DicomDataset item)
    {
        var measured = item.GetSequence(DicomTags.MeasuredValueSequence);
        if (measured.Count == 0)
        {
            return "(no value)";
        }
        var value = measured[0].GetString(DicomTags.NumericValue);
        var units = Code(measured[0], DicomTags.MeasurementUnitsCodeSequence);
        var unit = units?.Value is { Length: > 0 } v && v != "1" ? v : units?.Meaning;
        return string.IsNullOrEmpty(unit) ? value : $"{value} {unit}";
    }

    private static string? Reference(DicomDataset item)
    {
        var reference = item.GetSequence(DicomTags.ReferencedSOPSequence);
        if (reference.Count == 0)
        {
            return null;
        }
        var sopClass = reference[0].GetFirstString(DicomTags.ReferencedSOPClassUID);
        var name = sopClass is null ? "object" : DicomUidRegistry.GetName(sopClass);
        return $"{name} {reference[0].GetFirstString(DicomTags.ReferencedSOPInstanceUID)}";
    }

    private static SrCode? Code(DicomDataset item, DicomTag sequence)
    {
        var items = item.GetSequence(sequence);
        if (items.Count == 0)
        {
            return null;
        }
        var c = items[0];
        return new SrCode(c.GetFirstString(DicomTags.CodeValue) ?? c.GetFirstString(DicomTags.LongCodeValue),
            c.GetFirstString(DicomTags.CodingSchemeDesignator), c.GetFirstString(DicomTags.CodeMeaning));
    }

    private static void Write(SrContentItem item, int depth, StringBuilder text)
    {
        text.Append(' ', depth * 2);
        var name = item.ConceptName?.ToString();
        if (item.Value is null)
        {
            text.AppendLine(name ?? item.ValueType);
        }
        else
        {
            text.AppendLine(name is null ? item.Value : $"{name}: {item.Value}");
        }
        foreach (var child in item.Children)
        {
            Write(child, depth + 1, text);
        }
    }
}
