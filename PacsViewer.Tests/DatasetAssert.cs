using PacsViewer.Core.Dicom;

namespace PacsViewer.Tests;

/// <summary>Deep comparison of datasets: same tags, VRs and value bytes, item by item and fragment by fragment.</summary>
public static class DatasetAssert
{
    /// <param name="ignore">Elements to leave out of the comparison on both sides (e.g. group lengths).</param>
    public static void Equal(DicomDataset expected, DicomDataset actual, Func<DicomElement, bool>? ignore = null, string path = "")
    {
        var e = expected.Where(x => ignore?.Invoke(x) != true).ToArray();
        var a = actual.Where(x => ignore?.Invoke(x) != true).ToArray();
        Assert.True(e.Select(x => x.Tag).SequenceEqual(a.Select(x => x.Tag)),
            $"{path}: tags differ: expected [{string.Join(" ", e.Select(x => x.Tag))}] but got [{string.Join(" ", a.Select(x => x.Tag))}]");
        for (var i = 0; i < e.Length; i++)
        {
            var where = $"{path}{e[i].Tag}";
            Assert.True(e[i].VR == a[i].VR, $"{where}: VR {e[i].VR} became {a[i].VR}");
            Assert.True(e[i].PrivateCreator == a[i].PrivateCreator, $"{where}: private creator '{e[i].PrivateCreator}' became '{a[i].PrivateCreator}'");
            switch (e[i])
            {
                case DicomValueElement ev:
                    var av = Assert.IsType<DicomValueElement>(a[i]);
                    Assert.True(ev.GetBytes().Span.SequenceEqual(av.GetBytes().Span), $"{where}: value bytes differ");
                    break;
                case DicomSequence es:
                    var sq = Assert.IsType<DicomSequence>(a[i]);
                    Assert.True(es.Items.Length == sq.Items.Length, $"{where}: {es.Items.Length} items became {sq.Items.Length}");
                    for (var j = 0; j < es.Items.Length; j++)
                    {
                        Equal(es.Items[j], sq.Items[j], ignore, $"{where}[{j}]/");
                    }
                    break;
                case DicomFragmentSequence ef:
                    var af = Assert.IsType<DicomFragmentSequence>(a[i]);
                    Assert.True(ef.BasicOffsetTableBytes.Span.SequenceEqual(af.BasicOffsetTableBytes.Span), $"{where}: Basic Offset Table differs");
                    Assert.True(ef.Fragments.Length == af.Fragments.Length, $"{where}: {ef.Fragments.Length} fragments became {af.Fragments.Length}");
                    for (var j = 0; j < ef.Fragments.Length; j++)
                    {
                        Assert.True(ef.Fragments[j].GetBytes().Span.SequenceEqual(af.Fragments[j].GetBytes().Span), $"{where}: fragment {j} differs");
                    }
                    break;
            }
        }
    }
}
