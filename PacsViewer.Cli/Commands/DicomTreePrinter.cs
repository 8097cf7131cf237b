using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Dicom.IO.Json;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// Prints a file as a tree in the manner of dcmdump: one line per element,
/// <c>(gggg,eeee) VR value  # length, VM Name</c>, items and their elements indented by two spaces per level,
/// long values cut short, encapsulated pixel data summarised fragment by fragment.
/// </summary>
internal sealed class DicomTreePrinter(bool skipPixelData)
{
    private const int MaxValueChars = 66;
    private const int MaxBinaryValues = 16;
    private const int MaxFragmentLines = 8;
    private const int ValueColumn = 52;

    private readonly StringBuilder _out = new();

    public string Print(DicomFile file, string path)
    {
        _out.Clear();
        Line(file.Layout == DicomFileLayout.NoFileMeta ? "# Dicom dataset without File Meta Information" : "# Dicom-File-Format");
        Line($"# File: {path}");
        foreach (var warning in file.Warnings)
        {
            Line($"# Warning: {warning}");
        }
        if (file.FileMetaInformation.Count > 0)
        {
            Line("");
            Line("# Dicom-Meta-Information-Header");
            Line($"# Used TransferSyntax: {DicomTransferSyntax.ExplicitVRLittleEndian}"); // PS3.10 7.1
            PrintDataset(file.FileMetaInformation, 0);
        }
        Line("");
        Line("# Dicom-Data-Set");
        Line($"# Used TransferSyntax: {file.TransferSyntax}");
        PrintDataset(file.Dataset, 0);
        if (file.StoppedBeforePixelData)
        {
            Line("# (stopped before pixel data)");
        }
        return _out.ToString();
    }

    private void PrintDataset(DicomDataset dataset, int depth)
    {
        foreach (var element in dataset)
        {
            if (skipPixelData && depth == 0 && DumpCommand.IsPixelData(element.Tag))
            {
                continue;
            }
            switch (element)
            {
                case DicomSequence sequence:
                    Element(depth, element.Tag, "SQ", $"(Sequence #={sequence.Items.Length})", element.Length.ToString(CultureInfo.InvariantCulture), 1, Name(element));
                    foreach (var item in sequence.Items)
                    {
                        Element(depth + 1, DicomTag.Item, "na", $"(Item #={item.Count})", item.EncodedLength.ToString(CultureInfo.InvariantCulture), 1, "Item");
                        PrintDataset(item, depth + 2);
                    }
                    break;
                case DicomFragmentSequence fragments:
                    PrintFragments(fragments, depth);
                    break;
                case DicomValueElement value:
                    var (text, vm) = FormatValue(dataset, value);
                    Element(depth, element.Tag, element.VR.Code(), text, element.Length.ToString(CultureInfo.InvariantCulture), vm, Name(element));
                    break;
            }
        }
    }

    /// <summary>Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table, then each fragment with its size.</summary>
    private void PrintFragments(DicomFragmentSequence fragments, int depth)
    {
        var total = fragments.Fragments.Sum(f => f.Length);
        Element(depth, fragments.Tag, fragments.VR.Code(),
            $"(PixelSequence #={fragments.Fragments.Length + 1}: {fragments.Fragments.Length} fragments, {total} bytes)", "u/l", 1, Name(fragments));
        var offsets = fragments.BasicOffsetTableBytes.Length / 4;
        Element(depth + 1, DicomTag.Item, "pi", offsets == 0 ? "(empty Basic Offset Table)" : $"(Basic Offset Table, {offsets} offsets)",
            fragments.BasicOffsetTableBytes.Length.ToString(CultureInfo.InvariantCulture), 1, "Item");
        var shown = Math.Min(fragments.Fragments.Length, MaxFragmentLines);
        for (var i = 0; i < shown; i++)
        {
            var f = fragments.Fragments[i];
            Element(depth + 1, DicomTag.Item, "pi", $"(fragment {i + 1})", f.Length.ToString(CultureInfo.InvariantCulture), 1, "Item");
        }
        if (fragments.Fragments.Length > shown)
        {
            var rest = fragments.Fragments.Skip(shown).ToArray();
            Line($"{Indent(depth + 1)}# ... {rest.Length} more fragments, {rest.Sum(f => f.Length)} bytes");
        }
    }

    private static (string Text, int VM) FormatValue(DicomDataset dataset, DicomValueElement element)
    {
        var vr = element.VR;
        if (element.Value is DicomBulkDataReference reference)
        {
            return ($"(BulkDataURI {reference.Uri})", 1);
        }
        if (element.Length == 0)
        {
            return ("(no value available)", 0);
        }
        if (vr.IsString())
        {
            var values = dataset.GetStrings(element.Tag);
            return ("[" + Abbreviate(string.Join('\\', values), MaxValueChars - 2) + "]", values.Length);
        }
        if (element.Value.IsDeferred)
        {
            return ($"(value of {element.Length} bytes left in the file)", vr.ValueSize() > 0 && !IsOther(vr) ? (int)(element.Length / vr.ValueSize()) : 1);
        }
        var bytes = element.GetBytes().Span;
        var size = Math.Max(1, vr.ValueSize());
        var count = bytes.Length / size;
        var parts = new List<string>();
        for (var i = 0; i < Math.Min(count, MaxBinaryValues); i++)
        {
            parts.Add(FormatBinary(bytes.Slice(i * size, size), vr));
        }
        var text = string.Join('\\', parts) + (count > MaxBinaryValues ? "..." : "");
        // PS3.5 6.4: OB, OD, OF, OL, OV, OW and UN always have VM 1.
        return (Abbreviate(text, MaxValueChars), IsOther(vr) ? 1 : count);
    }

    private static string FormatBinary(ReadOnlySpan<byte> at, DicomVR vr) => vr switch
    {
        DicomVR.US => BinaryPrimitives.ReadUInt16LittleEndian(at).ToString(CultureInfo.InvariantCulture),
        DicomVR.SS => BinaryPrimitives.ReadInt16LittleEndian(at).ToString(CultureInfo.InvariantCulture),
        DicomVR.UL => BinaryPrimitives.ReadUInt32LittleEndian(at).ToString(CultureInfo.InvariantCulture),
        DicomVR.SL => BinaryPrimitives.ReadInt32LittleEndian(at).ToString(CultureInfo.InvariantCulture),
        DicomVR.SV => BinaryPrimitives.ReadInt64LittleEndian(at).ToString(CultureInfo.InvariantCulture),
        DicomVR.UV => BinaryPrimitives.ReadUInt64LittleEndian(at).ToString(CultureInfo.InvariantCulture),
        DicomVR.FL or DicomVR.OF => BinaryPrimitives.ReadSingleLittleEndian(at).ToString("R", CultureInfo.InvariantCulture),
        DicomVR.FD or DicomVR.OD => BinaryPrimitives.ReadDoubleLittleEndian(at).ToString("R", CultureInfo.InvariantCulture),
        DicomVR.AT => new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(at), BinaryPrimitives.ReadUInt16LittleEndian(at[2..])).ToString(),
        DicomVR.OW => BinaryPrimitives.ReadUInt16LittleEndian(at).ToString("x4", CultureInfo.InvariantCulture),
        DicomVR.OL => BinaryPrimitives.ReadUInt32LittleEndian(at).ToString("x8", CultureInfo.InvariantCulture),
        DicomVR.OV => BinaryPrimitives.ReadUInt64LittleEndian(at).ToString("x16", CultureInfo.InvariantCulture),
        _ => at[0].ToString("x2", CultureInfo.InvariantCulture), // OB, UN
    };

    private static bool IsOther(DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.UN;

    private static string Name(DicomElement element)
    {
        var tag = element.Tag;
        if (tag.IsPrivate && !tag.IsPrivateCreator)
        {
            if (element.PrivateCreator is { } creator)
            {
                return DicomDictionary.TryGetPrivate(creator, tag, out var entry) && entry.Name.Length > 0
                    ? entry.Name : $"Private Tag ({creator})";
            }
            return "Private Tag";
        }
        return DicomDictionary.GetName(tag);
    }

    private void Element(int depth, DicomTag tag, string vr, string value, string length, int vm, string name)
    {
        var head = $"{Indent(depth)}{tag} {vr} {value}";
        Line($"{head.PadRight(ValueColumn)} # {length,6}, {vm} {name}");
    }

    private static string Indent(int depth) => new(' ', depth * 2);

    private static string Abbreviate(string text, int max)
    {
        var oneLine = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return oneLine.Length <= max ? oneLine : string.Concat(oneLine.AsSpan(0, max - 3), "...");
    }

    private void Line(string text) => _out.Append(text).Append('\n');
}
