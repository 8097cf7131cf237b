using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO.Json;

namespace PacsViewer.Tests.Core.Dicom.IO.Json;

/// <summary>Element-by-element comparison of a dataset with its JSON round trip.</summary>
internal static class JsonRoundTripAssert
{
    public static void Same(DicomDataset expected, DicomDataset actual, string path)
    {
        // PS3.18 F.2.2: Group Length elements are not part of the JSON model.
        var left = expected.Where(e => !e.Tag.IsGroupLength).ToList();
        var right = actual.ToList();
        Assert.True(left.Select(e => e.Tag).SequenceEqual(right.Select(e => e.Tag)),
            $"{path}: tags differ: expected [{string.Join(' ', left.Select(e => e.Tag))}] got [{string.Join(' ', right.Select(e => e.Tag))}]");
        for (var i = 0; i < left.Count; i++)
        {
            var e = left[i];
            var a = right[i];
            var where = path + e.Tag.ToJsonKey();
            Assert.True((e.VR == DicomVR.None ? DicomVR.UN : e.VR) == a.VR, $"{where}: VR {e.VR.Code()} became {a.VR.Code()}");
            Assert.True(e.PrivateCreator == a.PrivateCreator, $"{where}: creator '{e.PrivateCreator}' became '{a.PrivateCreator}'");
            switch (e)
            {
                case DicomSequence s:
                    var t = Assert.IsType<DicomSequence>(a);
                    Assert.True(s.Items.Length == t.Items.Length, $"{where}: {s.Items.Length} items became {t.Items.Length}");
                    for (var k = 0; k < s.Items.Length; k++)
                    {
                        Same(s.Items[k], t.Items[k], $"{where}/{k}/");
                    }
                    break;
                case DicomFragmentSequence:
                    var reference = Assert.IsType<DicomBulkDataReference>(Assert.IsType<DicomValueElement>(a).Value);
                    Assert.Equal("bulk:" + where, reference.Uri);
                    break;
                case DicomValueElement v:
                    SameValue(expected, v, actual, Assert.IsType<DicomValueElement>(a), where);
                    break;
            }
        }
    }

    private static void SameValue(DicomDataset expectedSet, DicomValueElement expected, DicomDataset actualSet, DicomValueElement actual, string where)
    {
        if (!expected.VR.IsString())
        {
            var x = expected.GetBytes().ToArray();
            var y = actual.GetBytes().ToArray();
            if (expected.VR is DicomVR.FL or DicomVR.FD && x.Length == y.Length)
            {
                var a = expectedSet.GetNumbers(expected.Tag).Values;
                var b = actualSet.GetNumbers(actual.Tag).Values;
                Assert.True(a.SequenceEqual(b), $"{where}: numbers differ");
                return;
            }
            Assert.True(x.AsSpan().SequenceEqual(y), $"{where}: {x.Length} bytes became {y.Length} different bytes");
            return;
        }
        var left = Normalize(expectedSet.GetStrings(expected.Tag), expected.VR);
        var right = Normalize(actualSet.GetStrings(actual.Tag), actual.VR);
        Assert.True(left.Length == right.Length, $"{where}: [{string.Join('\\', left)}] became [{string.Join('\\', right)}]");
        for (var i = 0; i < left.Length; i++)
        {
            var same = left[i] == right[i]
                || expected.VR is DicomVR.DS or DicomVR.IS && DicomDecimalString.TryParse(left[i], out var p)
                    && DicomDecimalString.TryParse(right[i], out var q) && p == q;
            Assert.True(same, $"{where}: value {i} '{left[i]}' became '{right[i]}'");
        }
    }

    private static string[] Normalize(string[] values, DicomVR vr)
    {
        if (values is [""])
        {
            return []; // a value of padding only is an empty value (PS3.18 F.2.5)
        }
        // PN: trailing empty component groups carry nothing (PS3.5 6.2.1).
        return vr == DicomVR.PN ? values.Select(v => v.TrimEnd('=')).ToArray() : values;
    }
}
