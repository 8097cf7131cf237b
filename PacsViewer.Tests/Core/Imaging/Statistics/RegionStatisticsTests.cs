using System.Buffers.Binary;
using System.Globalization;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Imaging.Statistics;

namespace PacsViewer.Tests.Core.Imaging.Statistics;

public class RegionStatisticsTests
{
    [Fact]
    public void FromModalityValues_InscribedEllipseOn5x5_ExcludesOnlyTheCorners()
    {
        // Corner pixel centres (0.5, 0.5) etc. lie at ((2/2.5)^2 + (2/2.5)^2) = 1.28 > 1; (0.5, 1.5) at 0.8 is inside.
        var values = new double[25];
        foreach (var corner in new[] { 0, 4, 20, 24 })
        {
            values[corner] = 1000;
        }
        values[5] = -3; // (0, 1): inside
        var stats = RegionStatistics.FromModalityValues<double>(values, 5, 5, RegionOfInterest.Ellipse(0, 0, 5, 5));
        Assert.Equal(21, stats.PixelCount);
        Assert.Equal(0, stats.Max);
        Assert.Equal(-3, stats.Min);
    }

    [Fact]
    public void FromModalityValues_Rectangle_HandComputed()
    {
        // 4 x 3, rectangle columns 1-2, rows 1-2: values 6, 7, 10, 11 -> mean 8.5, population variance 4.25
        var values = Enumerable.Range(1, 12).Select(i => (float)i).ToArray();
        var stats = RegionStatistics.FromModalityValues<float>(values, 4, 3, RegionOfInterest.Rectangle(1, 1, 2, 2));
        Assert.Equal(4, stats.PixelCount);
        Assert.Equal(8.5, stats.Mean, 12);
        Assert.Equal(Math.Sqrt(4.25), stats.StandardDeviation, 12);
        Assert.Equal(6, stats.Min);
        Assert.Equal(11, stats.Max);
    }

    [Fact]
    public void FromModalityValues_FractionalRectangle_UsesPixelCentres()
    {
        // x from 0.6 to 1.6 holds only the centre 1.5 (column 1); y from 0 to 0.4 holds no centre... so use 0 to 1.
        var values = new double[] { 1, 2, 3, 4, 5, 6 };
        var stats = RegionStatistics.FromModalityValues<double>(values, 3, 2, RegionOfInterest.Rectangle(0.6, 0, 1, 1));
        Assert.Equal(1, stats.PixelCount);
        Assert.Equal(2, stats.Mean);
        Assert.Equal(0, RegionStatistics.FromModalityValues<double>(values, 3, 2, RegionOfInterest.Rectangle(0, 0, 3, 0.4)).PixelCount);
    }

    [Fact]
    public void FromModalityValues_RegionOutsideImage_IsEmpty()
    {
        var stats = RegionStatistics.FromModalityValues<double>(new double[4], 2, 2, RegionOfInterest.Ellipse(10, 10, 3, 3));
        Assert.Equal(0, stats.PixelCount);
        Assert.True(double.IsNaN(stats.Mean));
    }

    [Fact]
    public void FromStoredValues_NegativeSlope_SwapsMinAndMax()
    {
        short[] stored = [0, 10, 20, 30];
        var stats = RegionStatistics.FromStoredValues<short>(stored, 2, 2, RegionOfInterest.Rectangle(0, 0, 2, 2), -2, 100);
        Assert.Equal(70, stats.Mean, 12); // -2 x 15 + 100
        Assert.Equal(2 * Math.Sqrt(125), stats.StandardDeviation, 12);
        Assert.Equal(40, stats.Min);
        Assert.Equal(100, stats.Max);
    }

    [Fact]
    public void FromStoredValues_CtFrame_MatchesNumpy()
    {
        var path = TestFiles.Sample("ct/CT-MONO2-16-ankle.dcm");
        const string script = """
import sys, numpy as np, pydicom
ds = pydicom.dcmread(sys.argv[1], force=True)
m = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
r = m[120:270, 100:300]
open(sys.argv[2], 'w').write('%r %r %r %r %d' % (r.mean(), r.std(), r.min(), r.max(), r.size))
""";
        var reference = System.Text.Encoding.ASCII.GetString(PydicomRunner.Run(script, path)).Split(' ')
            .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        var (dataset, frame) = TestFrames.Load(path);
        using (frame)
        {
            var stored = new short[frame.Info.PixelCount];
            for (var i = 0; i < stored.Length; i++)
            {
                stored[i] = BinaryPrimitives.ReadInt16LittleEndian(frame.Pixels[(i * 2)..]);
            }
            var slope = dataset.GetDouble(DicomTags.RescaleSlope, 1);
            var intercept = dataset.GetDouble(DicomTags.RescaleIntercept, 0);
            var region = RegionOfInterest.Rectangle(100, 120, 200, 150);
            var fromStored = RegionStatistics.FromStoredValues<short>(stored, frame.Info.Columns, frame.Info.Rows, region, slope, intercept);
            var modality = stored.Select(v => v * slope + intercept).ToArray();
            var fromModality = RegionStatistics.FromModalityValues<double>(modality, frame.Info.Columns, frame.Info.Rows, region);
            foreach (var stats in new[] { fromStored, fromModality })
            {
                Assert.Equal(reference[4], stats.PixelCount);
                Assert.Equal(reference[0], stats.Mean, 1e-9);
                Assert.Equal(reference[1], stats.StandardDeviation, 1e-9);
                Assert.Equal(reference[2], stats.Min);
                Assert.Equal(reference[3], stats.Max);
            }
        }
    }
}
