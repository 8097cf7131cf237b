using System.Diagnostics;
using System.Text;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Dicom.IO;

/// <summary>
/// The Part 10 reader against hand-built bad input: every failure must be a <see cref="DicomFormatException"/>
/// naming the offset and tag, never a crash, a hang, deep recursion or an allocation beyond the data.
/// </summary>
public sealed class DicomFileReaderTests
{
    private const string ExplicitLE = "1.2.840.10008.1.2.1";
    private const string ImplicitLE = "1.2.840.10008.1.2";
    private const string ExplicitBE = "1.2.840.10008.1.2.2";
    private const string JpegBaseline = "1.2.840.10008.1.2.4.50";

    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag ContentSequence = new(0x0040, 0xA730);
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    /// <summary>Offset of the dataset in a file made by <see cref="DicomTestBytes.ToPart10"/>.</summary>
    private static long DatasetStart(string transferSyntaxUid) => DicomTestBytes.Part10Header(transferSyntaxUid).Length;

    private static DicomFormatException ReadFails(byte[] bytes, DicomReaderOptions? options = null) =>
        Assert.Throws<DicomFormatException>(() => DicomFile.Read(bytes, options));

    private static DicomFormatException ReadFailsNonSeekable(byte[] bytes, DicomReaderOptions? options = null) =>
        Assert.Throws<DicomFormatException>(() => DicomFile.Read(new NonSeekableStream(bytes), options));

    private static void AssertAt(DicomFormatException e, long offset, DicomTag? tag, string problem)
    {
        Assert.Equal(offset, e.Offset);
        Assert.Equal(tag, e.Tag);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {offset}", e.Message, StringComparison.Ordinal);
        if (tag is { } t)
        {
            Assert.Contains(t.ToString(), e.Message, StringComparison.Ordinal);
        }
    }

    // ---- framing and detection ----

    [Fact]
    public void Read_EmptyFile_ThrowsFileIsEmpty()
    {
        var e = ReadFails([]);
        AssertAt(e, 0, null, "the file is empty");
    }

    [Fact]
    public void Read_EmptyNonSeekableStream_ThrowsFileIsEmpty()
    {
        var e = ReadFailsNonSeekable([]);
        AssertAt(e, 0, null, "the file is empty");
    }

    [Fact]
    public void Read_PreambleAndDicmOnly_ThrowsNoFileMeta()
    {
        var e = ReadFails([.. new byte[128], .. "DICM"u8]);
        AssertAt(e, 132, null, "no File Meta Information");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 8)]
    [InlineData(4, 131)]
    [InlineData(5, 132)]
    [InlineData(6, 1000)]
    [InlineData(7, 65536)]
    public void Read_RandomBytes_ThrowsFormatException(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        var e = ReadFails(bytes);
        Assert.Contains("not a DICOM file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DicmAtOffset128InsideBareDataset_ReadsDatasetWithoutFileMeta()
    {
        // A bare explicit VR dataset (no preamble, no meta) whose first value happens to hold "DICM" at file offset 128.
        var value = new byte[124];
        Array.Fill(value, (byte)'A');
        "DICM"u8.CopyTo(value.AsSpan(120));
        var bytes = DicomTestBytes.ExplicitLittle()
            .Element(0x0008, 0x0070, "LO", value)
            .Text(0x0010, 0x0010, "PN", "Doe^John")
            .ToArray();
        Assert.Equal((byte)'D', bytes[128]);

        var file = DicomFile.Read(bytes);

        Assert.Equal(DicomFileLayout.NoFileMeta, file.Layout);
        Assert.Equal(Encoding.ASCII.GetString(value), file.Dataset.GetString(new DicomTag(0x0008, 0x0070)));
        Assert.Equal("Doe^John", file.Dataset.GetString(PatientName));
    }

    [Fact]
    public void Read_DicmAtOffset128InsideBareImplicitDataset_ReadsDatasetWithoutFileMeta()
    {
        var value = new byte[120];
        "DICM"u8.CopyTo(value.AsSpan(106)); // the value starts at offset 14 + 8
        var bytes = DicomTestBytes.ImplicitLittle()
            .Element(0x0008, 0x0016, "UI", "1.2.3\0"u8.ToArray())
            .Element(0x0008, 0x0070, "LO", value)
            .ToArray();
        Assert.Equal((byte)'D', bytes[128]);

        var file = DicomFile.Read(bytes);

        Assert.Equal(DicomFileLayout.NoFileMeta, file.Layout);
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal(value, file.Dataset.GetBytes(new DicomTag(0x0008, 0x0070)).ToArray());
    }

    [Fact]
    public void Read_DicmInsideValues_IsReadAsValue()
    {
        var bytes = DicomTestBytes.ExplicitLittle()
            .Text(0x0008, 0x0070, "LO", "DICM")
            .Element(0x0009, 0x0010, "LO", "DICM"u8.ToArray())
            .Element(0x0042, 0x0011, "OB", [.. new byte[128], .. "DICM"u8, 0x02, 0x00, 0x10, 0x00])
            .ToPart10(ExplicitLE);

        var file = DicomFile.Read(bytes);

        Assert.Equal(DicomFileLayout.Part10, file.Layout);
        Assert.Equal("DICM", file.Dataset.GetString(new DicomTag(0x0008, 0x0070)));
        Assert.Equal(136, file.Dataset.GetBytes(new DicomTag(0x0042, 0x0011)).Length);
    }

    // ---- declared lengths ----

    [Fact]
    public void Read_DeclaredLengthBeyondData_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Header(0x0010, 0x0010, "PN", 100).Raw("AB"u8.ToArray()).ToPart10(ExplicitLE);

        var e = ReadFails(bytes);

        AssertAt(e, at, PatientName, "declared length 100 is beyond the end of the data");
    }

    [Fact]
    public void Read_DeclaredLengthBeyondDataNonSeekable_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Header(0x0010, 0x0010, "PN", 100).Raw("AB"u8.ToArray()).ToPart10(ExplicitLE);

        var e = ReadFailsNonSeekable(bytes);

        AssertAt(e, at, PatientName, "the data ends before the element does");
    }

    [Theory]
    [InlineData(0x80000000u)]
    [InlineData(0xC0000000u)]
    [InlineData(0xFFFFFFFEu)]
    [InlineData(0x7FFFFFFEu)]
    [InlineData(0x7FFFFFFFu)]
    public void Read_LengthOf2Pow31AndMore_ThrowsWithoutAllocating(uint length)
    {
        var ds = DicomTestBytes.ExplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Header(0x0042, 0x0011, "OB", length).Raw(new byte[64]).ToPart10(ExplicitLE);
        var tag = new DicomTag(0x0042, 0x0011);

        foreach (var nonSeekable in new[] { false, true })
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var e = nonSeekable ? ReadFailsNonSeekable(bytes) : ReadFails(bytes);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(at, e.Offset);
            Assert.Equal(tag, e.Tag);
            Assert.Contains(tag.ToString(), e.Message, StringComparison.Ordinal);
            Assert.True(allocated < 8 << 20, $"non-seekable={nonSeekable}: allocated {allocated} bytes for a 64-byte value");
        }
    }

    [Theory]
    [InlineData(0x80000000u)]
    [InlineData(0xFFFFFFF0u)]
    public void Read_ImplicitLengthOf2Pow31AndMore_ThrowsWithOffsetAndTag(uint length)
    {
        var ds = DicomTestBytes.ImplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ImplicitLE) + ds.Length;
        var bytes = ds.Header(0x0010, 0x0010, "PN", length).Raw(new byte[16]).ToPart10(ImplicitLE);

        AssertAt(ReadFails(bytes), at, PatientName, $"declared length {length}");
        var e = ReadFailsNonSeekable(bytes);
        Assert.Equal(at, e.Offset);
        Assert.Equal(PatientName, e.Tag);
    }

    [Fact]
    public void Read_SequenceLengthBeyondData_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle();
        var at = DatasetStart(ExplicitLE);
        var bytes = ds.Sequence(0x0040, 0xA730, 0x80000000).Item(0).ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, ContentSequence, "declared sequence length 2147483648");
        var e = ReadFailsNonSeekable(bytes);
        Assert.Equal(ContentSequence, e.Tag);
        Assert.Contains("declared length", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ItemLengthBeyondData_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Sequence(0x0040, 0xA730, DicomTestBytes.Undefined);
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Item(0xFFFFFFF0).Text(0x0010, 0x0010, "PN", "A^B").ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, ContentSequence, "declared item length 4294967280");
        var e = ReadFailsNonSeekable(bytes);
        Assert.Equal(ContentSequence, e.Tag);
    }

    [Fact]
    public void Read_OddLength_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Element(0x0010, 0x0010, "PN", "A^B"u8.ToArray()).Text(0x0010, 0x0020, "LO", "12").ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, PatientName, "odd value length 3");
    }

    [Theory]
    [InlineData("UL", 6)]
    [InlineData("FD", 4)]
    [InlineData("US", 6 + 1)]
    public void Read_LengthContradictsVR_ThrowsWithOffsetAndTag(string vr, int length)
    {
        var ds = DicomTestBytes.ExplicitLittle();
        var at = DatasetStart(ExplicitLE);
        var bytes = ds.Element(0x0028, 0x0010, vr, new byte[length]).ToPart10(ExplicitLE);

        var e = ReadFails(bytes);

        Assert.Equal(at, e.Offset);
        Assert.Equal(new DicomTag(0x0028, 0x0010), e.Tag);
        Assert.Contains($"length {length}", e.Message, StringComparison.Ordinal);
    }

    // ---- VRs ----

    [Fact]
    public void Read_UnknownVR_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Element(0x0010, 0x0010, "ZZ", "AB"u8.ToArray()).ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, PatientName, "unknown VR 'ZZ'");
    }

    [Fact]
    public void Read_SequenceVROnPlainValue_ThrowsExpectedAnItem()
    {
        // The header says SQ but the content is a data element, not an item.
        var ds = DicomTestBytes.ExplicitLittle().Sequence(0x0040, 0xA730, 12);
        var itemAt = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Text(0x0010, 0x0010, "PN", "A^B").ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), itemAt, ContentSequence, "expected an Item (FFFE,E000) in the sequence, found (0010,0010)");
    }

    [Theory]
    [InlineData("OB")]
    [InlineData("UT")]
    [InlineData("OW")]
    public void Read_UndefinedLengthOnNonSequence_ThrowsWithOffsetAndTag(string vr)
    {
        var ds = DicomTestBytes.ExplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Header(0x0042, 0x0011, vr, DicomTestBytes.Undefined).Item(0).SequenceDelimiter().ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, new DicomTag(0x0042, 0x0011), $"undefined length on a {vr} element");
    }

    [Fact]
    public void Read_ImplicitUndefinedLengthOnGroupLength_ThrowsWithOffsetAndTag()
    {
        // Group length (gggg,0000) is UL in every dictionary: undefined length is not allowed on it (PS3.5 7.1.3).
        var ds = DicomTestBytes.ImplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ImplicitLE) + ds.Length;
        var bytes = ds.Header(0x0010, 0x0000, "UL", DicomTestBytes.Undefined).Item(0).SequenceDelimiter().ToPart10(ImplicitLE);

        AssertAt(ReadFails(bytes), at, new DicomTag(0x0010, 0x0000), "undefined length on a UL element");
    }

    [Fact]
    public void Read_UnknownVRUndefinedLength_ReadsImplicitVRSequence()
    {
        // PS3.5 6.2.2: UN with undefined length holds a sequence encoded as implicit VR little endian.
        var inner = DicomTestBytes.ImplicitLittle()
            .Item(DicomTestBytes.Undefined)
            .Text(0x0010, 0x0010, "PN", "Doe^Jane")
            .ItemDelimiter()
            .Item(12).Text(0x0010, 0x0020, "LO", "ID1")
            .SequenceDelimiter();
        var bytes = DicomTestBytes.ExplicitLittle()
            .Text(0x0009, 0x0010, "LO", "ACME 1")
            .Header(0x0009, 0x1001, "UN", DicomTestBytes.Undefined).Raw(inner)
            .Text(0x0010, 0x0010, "PN", "After^Un")
            .ToPart10(ExplicitLE);

        var file = DicomFile.Read(bytes);

        var sequence = Assert.IsType<DicomSequence>(file.Dataset[new DicomTag(0x0009, 0x1001)]);
        Assert.Equal("ACME 1", sequence.PrivateCreator);
        Assert.Equal(2, sequence.Items.Length);
        Assert.Equal("Doe^Jane", Encoding.ASCII.GetString(sequence.Items[0].GetBytes(PatientName).Span));
        Assert.Equal("ID1 ", Encoding.ASCII.GetString(sequence.Items[1].GetBytes(new DicomTag(0x0010, 0x0020)).Span));
        Assert.Equal("After^Un", file.Dataset.GetString(PatientName));
    }

    // ---- sequences, items, delimiters ----

    [Fact]
    public void Read_ZeroLengthSequence_ReadsEmptySequence()
    {
        var bytes = DicomTestBytes.ExplicitLittle()
            .Sequence(0x0040, 0xA730, 0)
            .Text(0x0040, 0xA731, "LO", "next")
            .ToPart10(ExplicitLE);

        var file = DicomFile.Read(bytes);

        var sequence = Assert.IsType<DicomSequence>(file.Dataset[ContentSequence]);
        Assert.Empty(sequence.Items);
        Assert.Equal("next", file.Dataset.GetString(new DicomTag(0x0040, 0xA731)));
    }

    [Fact]
    public void Read_ImplicitZeroLengthSequence_ReadsEmptySequence()
    {
        // (0008,1140) is SQ in the dictionary; in implicit VR a zero length is an empty sequence.
        var bytes = DicomTestBytes.ImplicitLittle()
            .Sequence(0x0008, 0x1140, 0)
            .Text(0x0010, 0x0010, "PN", "A^B")
            .ToPart10(ImplicitLE);

        var file = DicomFile.Read(bytes);

        Assert.Empty(Assert.IsType<DicomSequence>(file.Dataset[new DicomTag(0x0008, 0x1140)]).Items);
        Assert.Equal("A^B", file.Dataset.GetString(PatientName));
    }

    [Fact]
    public void Read_UndefinedLengthSequenceWithItems_ReadsItems()
    {
        var bytes = DicomTestBytes.ExplicitLittle()
            .Sequence(0x0040, 0xA730, DicomTestBytes.Undefined)
            .Item(DicomTestBytes.Undefined).Text(0x0040, 0xA040, "CS", "TEXT").ItemDelimiter()
            .Item(12).Text(0x0040, 0xA040, "CS", "CODE")
            .Item(0)
            .Item(DicomTestBytes.Undefined).ItemDelimiter()
            .SequenceDelimiter()
            .Text(0x0040, 0xA731, "LO", "after")
            .ToPart10(ExplicitLE);

        var file = DicomFile.Read(bytes);

        var items = Assert.IsType<DicomSequence>(file.Dataset[ContentSequence]).Items;
        Assert.Equal(4, items.Length);
        Assert.Equal("TEXT", items[0].GetString(new DicomTag(0x0040, 0xA040)));
        Assert.Equal("CODE", items[1].GetString(new DicomTag(0x0040, 0xA040)));
        Assert.Empty(items[2]);
        Assert.Empty(items[3]);
        Assert.Equal("after", file.Dataset.GetString(new DicomTag(0x0040, 0xA731)));
    }

    [Fact]
    public void Read_ZeroLengthItemsAndSequencesNested_ReadsWithoutHanging()
    {
        // 50 levels of: undefined-length SQ { zero-length item, zero-length SQ in an item, the next level }.
        var ds = DicomTestBytes.ExplicitLittle();
        const int levels = 50;
        for (var i = 0; i < levels; i++)
        {
            ds.Sequence(0x0040, 0xA730, DicomTestBytes.Undefined).Item(0).Item(DicomTestBytes.Undefined)
                .Sequence(0x0040, 0xA170, 0);
        }
        for (var i = 0; i < levels; i++)
        {
            ds.ItemDelimiter().SequenceDelimiter();
        }
        var stopwatch = Stopwatch.StartNew();

        var file = DicomFile.Read(ds.ToPart10(ExplicitLE));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
        var depth = 0;
        var dataset = file.Dataset;
        while (dataset[ContentSequence] is DicomSequence s)
        {
            Assert.Equal(2, s.Items.Length);
            Assert.Empty(s.Items[0]);
            dataset = s.Items[1];
            depth++;
        }
        Assert.Equal(levels, depth);
    }

    [Fact]
    public void Read_ItemAfterZeroLengthSequence_ThrowsItemWhereElementExpected()
    {
        var ds = DicomTestBytes.ExplicitLittle().Sequence(0x0040, 0xA730, 0);
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Item(0).ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, DicomTag.Item, "an Item where a data element was expected");
    }

    [Fact]
    public void Read_ItemLongerThanItsSequence_ThrowsRunsPastEnd()
    {
        var bytes = DicomTestBytes.ExplicitLittle()
            .Sequence(0x0040, 0xA730, 8)
            .Item(12).Text(0x0040, 0xA040, "CS", "CODE")
            .ToPart10(ExplicitLE);

        var e = ReadFails(bytes);

        Assert.Equal(ContentSequence, e.Tag);
        Assert.Contains("past the end of its sequence", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ItemDelimiterAtTopLevel_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.ItemDelimiter().Text(0x0010, 0x0010, "PN", "A^B").ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, DicomTag.ItemDelimitationItem, "Item Delimitation Item outside an undefined-length item");
    }

    [Fact]
    public void Read_SequenceDelimiterAtTopLevel_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.SequenceDelimiter().ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, DicomTag.SequenceDelimitationItem, "Sequence Delimitation Item where a data element was expected");
    }

    [Fact]
    public void Read_SequenceDelimiterInDefinedLengthSequence_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Sequence(0x0040, 0xA730, 16).Item(0);
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.SequenceDelimiter().ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, ContentSequence, "Sequence Delimitation Item inside a defined-length sequence");
    }

    [Fact]
    public void Read_ItemDelimiterWhereItemExpected_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Sequence(0x0040, 0xA730, DicomTestBytes.Undefined);
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.ItemDelimiter().SequenceDelimiter().ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, ContentSequence, "found (FFFE,E00D)");
    }

    [Fact]
    public void Read_SequenceDelimiterInsideItem_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Sequence(0x0040, 0xA730, DicomTestBytes.Undefined).Item(DicomTestBytes.Undefined);
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.SequenceDelimiter().ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, DicomTag.SequenceDelimitationItem, "Sequence Delimitation Item where a data element was expected");
    }

    [Fact]
    public void Read_ItemDelimiterInDefinedLengthItem_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Sequence(0x0040, 0xA730, DicomTestBytes.Undefined).Item(8);
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.ItemDelimiter().SequenceDelimiter().ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, DicomTag.ItemDelimitationItem, "Item Delimitation Item outside an undefined-length item");
    }

    [Fact]
    public void Read_MissingSequenceDelimiter_ThrowsNamingSequence()
    {
        var bytes = DicomTestBytes.ExplicitLittle()
            .Sequence(0x0040, 0xA730, DicomTestBytes.Undefined)
            .Item(DicomTestBytes.Undefined).Text(0x0040, 0xA040, "CS", "TEXT").ItemDelimiter()
            .ToPart10(ExplicitLE);

        var e = ReadFails(bytes);

        AssertAt(e, bytes.Length, ContentSequence, "the data ends inside a sequence (no Sequence Delimitation Item)");
    }

    [Fact]
    public void Read_MissingItemDelimiter_ThrowsNamingSequence()
    {
        var bytes = DicomTestBytes.ExplicitLittle()
            .Sequence(0x0040, 0xA730, DicomTestBytes.Undefined)
            .Item(DicomTestBytes.Undefined).Text(0x0040, 0xA040, "CS", "TEXT")
            .ToPart10(ExplicitLE);

        var e = ReadFails(bytes);

        AssertAt(e, bytes.Length, ContentSequence, "the data ends inside an undefined-length item");
    }

    [Fact]
    public void Read_ItemTagAsElementInsideItem_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Sequence(0x0040, 0xA730, DicomTestBytes.Undefined).Item(DicomTestBytes.Undefined);
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Item(0).ItemDelimiter().SequenceDelimiter().ToPart10(ExplicitLE);

        AssertAt(ReadFails(bytes), at, DicomTag.Item, "an Item where a data element was expected");
    }

    // ---- nesting depth ----

    private static byte[] NestedSequences(DicomTestBytes ds, int levels, string transferSyntaxUid, string vr = "SQ")
    {
        for (var i = 0; i < levels; i++)
        {
            ds.Header(0x0040, 0xA730, vr, DicomTestBytes.Undefined).Item(DicomTestBytes.Undefined);
        }
        return ds.ToPart10(transferSyntaxUid);
    }

    /// <summary>Runs <paramref name="action"/> on a thread with a 1 MB stack: 10,000 levels of recursion would overflow it.</summary>
    private static Exception? OnSmallStack(Action action)
    {
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                caught = e;
            }
        }, 1024 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the read did not finish within 30 s");
        return caught;
    }

    [Theory]
    [InlineData(ExplicitLE, "SQ", 20)]
    [InlineData(ImplicitLE, "SQ", 16)]
    [InlineData(ExplicitBE, "SQ", 20)]
    public void Read_SequencesNested10000Deep_ThrowsDepthCapQuickly(string transferSyntaxUid, string vr, int bytesPerLevel)
    {
        var ds = transferSyntaxUid switch
        {
            ImplicitLE => DicomTestBytes.ImplicitLittle(),
            ExplicitBE => DicomTestBytes.ExplicitBig(),
            _ => DicomTestBytes.ExplicitLittle(),
        };
        // Implicit VR: (0040,A730) is not in the stand-in dictionary and reads as UN, a sequence when undefined length.
        var bytes = NestedSequences(ds, 10_000, transferSyntaxUid, vr);
        var max = DicomReaderOptions.Default.MaxSequenceDepth;
        var stopwatch = Stopwatch.StartNew();

        var caught = OnSmallStack(() => DicomFile.Read(bytes));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
        var e = Assert.IsType<DicomFormatException>(caught);
        AssertAt(e, DatasetStart(transferSyntaxUid) + (long)max * bytesPerLevel, ContentSequence, $"sequences nested deeper than {max} levels");
    }

    [Fact]
    public void Read_UnknownVRNested10000Deep_ThrowsDepthCap()
    {
        // UN with undefined length switches to implicit VR (PS3.5 6.2.2); the depth still counts.
        var ds = DicomTestBytes.ExplicitLittle();
        ds.Header(0x0009, 0x1001, "UN", DicomTestBytes.Undefined).Item(DicomTestBytes.Undefined);
        var inner = DicomTestBytes.ImplicitLittle();
        for (var i = 0; i < 10_000; i++)
        {
            inner.Header(0x0009, 0x1001, "UN", DicomTestBytes.Undefined).Item(DicomTestBytes.Undefined);
        }
        var bytes = ds.Raw(inner).ToPart10(ExplicitLE);

        var e = Assert.IsType<DicomFormatException>(OnSmallStack(() => DicomFile.Read(bytes)));

        Assert.Equal(new DicomTag(0x0009, 0x1001), e.Tag);
        Assert.Contains("nested deeper than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NestingBeyondStackWithUncappedDepth_ThrowsInsteadOfOverflowing()
    {
        // Even with the cap lifted, the reader must fail cleanly before the stack runs out.
        var bytes = NestedSequences(DicomTestBytes.ExplicitLittle(), 10_000, ExplicitLE);
        var options = new DicomReaderOptions { MaxSequenceDepth = int.MaxValue };

        var e = Assert.IsType<DicomFormatException>(OnSmallStack(() => DicomFile.Read(bytes, options)));

        Assert.Equal(ContentSequence, e.Tag);
        Assert.Contains("nested too deeply", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NestingAtDepthCap_Reads()
    {
        var max = DicomReaderOptions.Default.MaxSequenceDepth;
        var ds = DicomTestBytes.ExplicitLittle();
        for (var i = 0; i < max; i++)
        {
            ds.Sequence(0x0040, 0xA730, DicomTestBytes.Undefined).Item(DicomTestBytes.Undefined);
        }
        for (var i = 0; i < max; i++)
        {
            ds.ItemDelimiter().SequenceDelimiter();
        }

        var file = DicomFile.Read(ds.ToPart10(ExplicitLE));

        Assert.Single(file.Dataset);
    }

    // ---- truncation ----

    private static byte[] RichFile() => DicomTestBytes.ExplicitLittle()
        .Text(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7")
        .Text(0x0009, 0x0010, "LO", "ACME")
        .Element(0x0009, 0x1001, "OB", [1, 2, 3, 4])
        .Text(0x0010, 0x0010, "PN", "Doe^John")
        .Sequence(0x0040, 0xA730, DicomTestBytes.Undefined)
        .Item(DicomTestBytes.Undefined).Text(0x0040, 0xA040, "CS", "TEXT").ItemDelimiter()
        .Item(12).Text(0x0040, 0xA040, "CS", "CODE")
        .SequenceDelimiter()
        .UInt16(0x0028, 0x0010, 2)
        .Header(0x7FE0, 0x0010, "OB", DicomTestBytes.Undefined)
        .Item(4).Raw(0, 0, 0, 0)
        .Item(6).Raw(0xFF, 0xD8, 0xFF, 0xD9, 0, 0)
        .SequenceDelimiter()
        .ToPart10(JpegBaseline);

    [Fact]
    public void Read_TruncatedAtEveryOffset_EndsInDatasetOrFormatException()
    {
        var bytes = RichFile();
        Assert.NotEmpty(DicomFile.Read(bytes).Dataset);
        var failures = 0;
        for (var n = 0; n < bytes.Length; n++)
        {
            var truncated = bytes[..n];
            foreach (var nonSeekable in new[] { false, true })
            {
                try
                {
                    _ = nonSeekable ? DicomFile.Read(new NonSeekableStream(truncated)) : DicomFile.Read(truncated);
                }
                catch (DicomFormatException e)
                {
                    failures++;
                    Assert.InRange(e.Offset, 0, n);
                }
            }
        }
        // Most cuts fall inside an element; the few at element boundaries before the sequence may read.
        Assert.True(failures > bytes.Length, $"only {failures} failures for {bytes.Length} cuts");
    }

    [Fact]
    public void Read_TruncatedInsideValue_ThrowsWithElementOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Text(0x0010, 0x0010, "PN", "Doe^John").ToPart10(ExplicitLE)[..^3];

        AssertAt(ReadFails(bytes), at, PatientName, "beyond the end of the data");
        AssertAt(ReadFailsNonSeekable(bytes), at, PatientName, "the data ends before the element does");
    }

    [Fact]
    public void Read_TruncatedInsideLongHeader_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Text(0x0008, 0x0016, "UI", "1.2.3");
        var at = DatasetStart(ExplicitLE) + ds.Length;
        // OB has a 12-byte header; cut after 10 bytes of it.
        var bytes = ds.Header(0x0042, 0x0011, "OB", 2).ToPart10(ExplicitLE)[..^2];

        var e = ReadFails(bytes);

        Assert.Equal(new DicomTag(0x0042, 0x0011), e.Tag);
        Assert.Contains($"offset {at}", e.Message, StringComparison.Ordinal);
    }

    // ---- encapsulated pixel data ----

    [Fact]
    public void Read_EncapsulatedWithEmptyOffsetTable_ReadsFragments()
    {
        var bytes = DicomTestBytes.ExplicitLittle()
            .UInt16(0x0028, 0x0010, 2)
            .Header(0x7FE0, 0x0010, "OB", DicomTestBytes.Undefined)
            .Item(0)
            .Item(4).Raw(1, 2, 3, 4)
            .Item(6).Raw(5, 6, 7, 8, 9, 10)
            .SequenceDelimiter()
            .ToPart10(JpegBaseline);

        var file = DicomFile.Read(bytes);

        var pixels = Assert.IsType<DicomFragmentSequence>(file.Dataset[PixelData]);
        Assert.Equal(0, pixels.BasicOffsetTableBytes.Length);
        Assert.Empty(pixels.BasicOffsetTable);
        Assert.Equal(2, pixels.Fragments.Length);
        Assert.Equal(new byte[] { 5, 6, 7, 8, 9, 10 }, pixels.Fragments[1].GetBytes().ToArray());
    }

    [Fact]
    public void Read_EncapsulatedWithOffsetTable_ReadsOffsets()
    {
        var bytes = DicomTestBytes.ExplicitLittle()
            .Header(0x7FE0, 0x0010, "OB", DicomTestBytes.Undefined)
            .Item(8).Raw(0, 0, 0, 0, 12, 0, 0, 0)
            .Item(4).Raw(1, 2, 3, 4)
            .Item(2).Raw(5, 6)
            .SequenceDelimiter()
            .ToPart10(JpegBaseline);

        var pixels = Assert.IsType<DicomFragmentSequence>(DicomFile.Read(bytes).Dataset[PixelData]);

        Assert.Equal(new uint[] { 0, 12 }, pixels.BasicOffsetTable);
        Assert.Equal(2, pixels.Fragments.Length);
    }

    [Fact]
    public void Read_EncapsulatedWithoutDelimiter_ThrowsNamingPixelData()
    {
        var bytes = DicomTestBytes.ExplicitLittle()
            .Header(0x7FE0, 0x0010, "OB", DicomTestBytes.Undefined)
            .Item(0)
            .Item(4).Raw(1, 2, 3, 4)
            .ToPart10(JpegBaseline);

        var e = ReadFails(bytes);

        AssertAt(e, bytes.Length, PixelData, "encapsulated Pixel Data ends without a Sequence Delimitation Item");
    }

    [Fact]
    public void Read_EncapsulatedFragmentOfUndefinedLength_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle().Header(0x7FE0, 0x0010, "OB", DicomTestBytes.Undefined).Item(0);
        var at = DatasetStart(JpegBaseline) + ds.Length;
        var bytes = ds.Item(DicomTestBytes.Undefined).Raw(1, 2).SequenceDelimiter().ToPart10(JpegBaseline);

        AssertAt(ReadFails(bytes), at, PixelData, "fragment length undefined");
    }

    [Fact]
    public void Read_EncapsulatedWithoutOffsetTableItem_ThrowsWithOffsetAndTag()
    {
        var ds = DicomTestBytes.ExplicitLittle();
        var at = DatasetStart(JpegBaseline);
        var bytes = ds.Header(0x7FE0, 0x0010, "OB", DicomTestBytes.Undefined).SequenceDelimiter().ToPart10(JpegBaseline);

        AssertAt(ReadFails(bytes), at, PixelData, "no Basic Offset Table item");
    }

    // ---- private elements, byte order ----

    [Fact]
    public void Read_PrivateElements_RecordPrivateCreator()
    {
        var bytes = DicomTestBytes.ExplicitLittle()
            .Text(0x0029, 0x0010, "LO", "SIEMENS CSA HEADER")
            .Text(0x0029, 0x0011, "LO", "SIEMENS MEDCOM HEADER")
            .Element(0x0029, 0x1010, "OB", [1, 2])
            .Element(0x0029, 0x1108, "CS", "AB"u8.ToArray())
            .Element(0x0029, 0x1210, "OB", [3, 4])
            .ToPart10(ExplicitLE);

        var dataset = DicomFile.Read(bytes).Dataset;

        Assert.Equal("SIEMENS CSA HEADER", dataset[new DicomTag(0x0029, 0x1010)]!.PrivateCreator);
        Assert.Equal("SIEMENS MEDCOM HEADER", dataset[new DicomTag(0x0029, 0x1108)]!.PrivateCreator);
        Assert.Null(dataset[new DicomTag(0x0029, 0x1210)]!.PrivateCreator);
        Assert.Null(dataset[new DicomTag(0x0029, 0x0010)]!.PrivateCreator);
    }

    [Fact]
    public void Read_ExplicitBigEndian_SwapsValuesToLittleEndian()
    {
        var bytes = DicomTestBytes.ExplicitBig()
            .Text(0x0008, 0x0016, "UI", "1.2.3")
            .Header(0x0018, 0x1310, "US", 4).U16(0x0102).U16(0x0304)
            .Header(0x0020, 0x9161, "UL", 4).U32(0x01020304)
            .Header(0x0018, 0x9087, "FD", 8).Raw(0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18)
            .Header(0x0020, 0x9165, "AT", 4).U16(0x0010).U16(0x0020)
            .Header(0x0028, 0x0010, "US", 2).U16(2)
            .Header(0x7FE0, 0x0010, "OW", 4).U16(0xABCD).U16(0x1234)
            .ToPart10(ExplicitBE);

        var file = DicomFile.Read(bytes);
        var ds = file.Dataset;

        Assert.Equal(DicomTransferSyntax.ExplicitVRBigEndian, file.TransferSyntax);
        Assert.Equal("1.2.3", ds.GetString(new DicomTag(0x0008, 0x0016)));
        Assert.Equal(new byte[] { 0x02, 0x01, 0x04, 0x03 }, ds.GetBytes(new DicomTag(0x0018, 0x1310)).ToArray());
        Assert.Equal(0x0304, ds.GetInt32(new DicomTag(0x0018, 0x1310), -1, 1));
        Assert.Equal(0x01020304, ds.GetInt32(new DicomTag(0x0020, 0x9161), -1));
        Assert.Equal(Math.PI, ds.GetDouble(new DicomTag(0x0018, 0x9087), 0));
        Assert.Equal(new[] { new DicomTag(0x0010, 0x0020) }, ds.GetTags(new DicomTag(0x0020, 0x9165)));
        Assert.Equal(2, ds.GetInt32(new DicomTag(0x0028, 0x0010), -1));
        Assert.Equal(new byte[] { 0xCD, 0xAB, 0x34, 0x12 }, ds.GetBytes(PixelData).ToArray());
    }

    // ---- deferred values, stop before pixels ----

    [Fact]
    public void Open_DeferredValues_ReadableAfterFileIsClosed()
    {
        var ob = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"pacsviewer-defer-{Guid.NewGuid():N}.dcm");
        File.WriteAllBytes(path, DicomTestBytes.ExplicitBig()
            .Text(0x0010, 0x0010, "PN", "Doe^John")
            .Element(0x0042, 0x0011, "OB", ob)
            .Element(0x7FE0, 0x0010, "OW", ob)
            .ToPart10(ExplicitBE));
        try
        {
            var file = DicomFile.Open(path, new DicomReaderOptions { DeferValuesLargerThan = 64 });
            // The reader holds no handle: an exclusive open succeeds.
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
            }

            var deferred = Assert.IsType<DicomValueElement>(file.Dataset[new DicomTag(0x0042, 0x0011)]);
            Assert.True(deferred.Value.IsDeferred);
            Assert.Equal(ob, deferred.GetBytes().ToArray());
            var pixels = Assert.IsType<DicomValueElement>(file.Dataset[PixelData]);
            Assert.True(pixels.Value.IsDeferred);
            var swapped = pixels.GetBytes().ToArray();
            Assert.Equal(new byte[] { 1, 0, 3, 2 }, swapped[..4]);
            Assert.False(Assert.IsType<DicomValueElement>(file.Dataset[PatientName]).Value.IsDeferred);
            Assert.Equal("Doe^John", file.Dataset.GetString(PatientName));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_StopBeforePixelData_StopsAtPixelDataEvenIfItIsBroken()
    {
        var bytes = DicomTestBytes.ExplicitLittle()
            .Text(0x0010, 0x0010, "PN", "Doe^John")
            .UInt16(0x0028, 0x0010, 512)
            .Header(0x7FE0, 0x0010, "OW", 0x7FFFFFFE).Raw(1, 2)
            .ToPart10(ExplicitLE);

        var file = DicomFile.Read(bytes, new DicomReaderOptions { StopBeforePixelData = true });

        Assert.True(file.StoppedBeforePixelData);
        Assert.Equal("Doe^John", file.Dataset.GetString(PatientName));
        Assert.Equal(512, file.Dataset.GetInt32(new DicomTag(0x0028, 0x0010), -1));
        Assert.False(file.Dataset.Contains(PixelData));
        Assert.Throws<DicomFormatException>(() => DicomFile.Read(bytes));
    }

    // ---- deflate ----

    [Fact]
    public void Read_Deflated_ReadsInflatedDataset()
    {
        var dataset = DicomTestBytes.ExplicitLittle().Text(0x0010, 0x0010, "PN", "Doe^John")
            .Sequence(0x0040, 0xA730, DicomTestBytes.Undefined).Item(0).SequenceDelimiter().ToArray();

        var file = DicomFile.Read(DicomTestBytes.Deflated(dataset));

        Assert.Equal("Doe^John", file.Dataset.GetString(PatientName));
        Assert.Single(file.Dataset.GetSequence(ContentSequence));
    }

    [Fact]
    public void Read_DeflatedCorruptStream_ThrowsFormatException()
    {
        var bytes = (byte[])[.. DicomTestBytes.Part10Header("1.2.840.10008.1.2.1.99"), 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x11, 0x22, 0x33];

        var e = ReadFails(bytes);

        Assert.Contains("cannot inflate the deflated data", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_DeflatedGarbageContent_ThrowsFormatException(int seed)
    {
        var garbage = new byte[4096];
        new Random(seed).NextBytes(garbage);

        ReadFails(DicomTestBytes.Deflated(garbage));
    }

    [Fact]
    public void Read_DeflateBombInValue_ThrowsAtInflateLimit()
    {
        // 16 MB of zeros deflates to a few KB; the element declares nearly 2 GB.
        var dataset = DicomTestBytes.ExplicitLittle().Text(0x0010, 0x0010, "PN", "Doe^John")
            .Header(0x0042, 0x0011, "OB", 0x7FFF0000).Raw(new byte[16 << 20]).ToArray();
        var bytes = DicomTestBytes.Deflated(dataset);
        var options = new DicomReaderOptions { MaxInflatedBytes = 1 << 20 };

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = ReadFails(bytes, options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(new DicomTag(0x0042, 0x0011), e.Tag);
        Assert.Contains("exceeds the limit of 1048576 bytes", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Read_DeflateBombOfPadding_ThrowsAtInflateLimit()
    {
        var dataset = DicomTestBytes.ExplicitLittle().Text(0x0010, 0x0010, "PN", "Doe^John").Raw(new byte[16 << 20]).ToArray();
        var options = new DicomReaderOptions { MaxInflatedBytes = 1 << 20 };

        var e = ReadFails(DicomTestBytes.Deflated(dataset), options);

        Assert.Contains("exceeds the limit of 1048576 bytes", e.Message, StringComparison.Ordinal);
    }

    // ---- non-seekable streams ----

    [Fact]
    public void Read_NonSeekableStream_ReadsLikeSeekable()
    {
        var bytes = RichFile();

        var seekable = DicomFile.Read(bytes).Dataset;
        var forwardOnly = DicomFile.Read(new NonSeekableStream(bytes)).Dataset;

        Assert.Equal(seekable.Select(e => e.Tag), forwardOnly.Select(e => e.Tag));
        Assert.Equal("Doe^John", forwardOnly.GetString(PatientName));
    }

    [Fact]
    public void Read_NonSeekableDeclared2GBValue_DoesNotAllocateDeclaredLength()
    {
        var ds = DicomTestBytes.ExplicitLittle().Text(0x0010, 0x0010, "PN", "Doe^John");
        var at = DatasetStart(ExplicitLE) + ds.Length;
        var bytes = ds.Header(0x0042, 0x0011, "OB", 0x7FFFFF00).Raw(new byte[3 << 20]).ToPart10(ExplicitLE);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = ReadFailsNonSeekable(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        AssertAt(e, at, new DicomTag(0x0042, 0x0011), "the data ends before the element does");
        Assert.True(allocated < 32 << 20, $"allocated {allocated} bytes for 3 MB of data");
    }
}
