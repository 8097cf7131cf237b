using System.Diagnostics;
using System.Text.Json;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Tests.Core.Archive.Demo;

/// <summary>
/// The demo studies checked by independent readers: pydicom decodes every stored file and its values (geometry,
/// rescale, photometric, frames, pixel values) must match what the generator meant; dcmdump reads them cleanly.
/// </summary>
public sealed class DemoStudyGeneratorTests(DemoArchiveFixture fixture) : IClassFixture<DemoArchiveFixture>
{
    /// <summary>Pixel (row, column) sample points for the CT: centre of the spine, lungs, liver, air, aorta.</summary>
    private static readonly (int Row, int Column)[] CtPoints = [(363, 256), (255, 149), (262, 170), (10, 10), (320, 277), (255, 256)];

    private const string Script = """
        import json, os, sys
        import numpy as np
        import pydicom
        folder, out, points = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
        rows = []
        for base, _, names in os.walk(folder):
            for name in sorted(names):
                ds = pydicom.dcmread(os.path.join(base, name))
                px = ds.pixel_array
                r = {"modality": ds.Modality, "sopClass": ds.SOPClassUID, "patient": str(ds.PatientName),
                     "photometric": ds.PhotometricInterpretation, "rows": ds.Rows, "columns": ds.Columns,
                     "frames": int(getattr(ds, "NumberOfFrames", 1)), "shape": list(px.shape), "study": ds.StudyInstanceUID}
                if ds.Modality in ("CT", "MR"):
                    r["ipp"] = [float(v) for v in ds.ImagePositionPatient]
                    r["iop"] = [float(v) for v in ds.ImageOrientationPatient]
                    r["spacing"] = [float(v) for v in ds.PixelSpacing]
                    r["thickness"] = float(ds.SliceThickness)
                if ds.Modality == "CT" and ds.Rows == 512:
                    hu = px.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
                    r["hu"] = [float(hu[p[0], p[1]]) for p in points]
                if ds.Modality == "CR":
                    r["bone"] = float(px[:, 500:524].mean())
                    r["air"] = float(px[:, :30].mean())
                if ds.Modality == "US":
                    r["frameTime"] = float(ds.FrameTime)
                    r["cineRate"] = int(ds.CineRate)
                    r["planar"] = int(ds.PlanarConfiguration)
                    r["redPixels"] = int(((px[..., 0] > 200) & (px[..., 1] < 60)).sum())
                    r["framesDiffer"] = bool((px[0] != px[-1]).any())
                rows.append(r)
        json.dump(rows, open(out, "w"))
        """;

    [Fact]
    public void Uid_SameSeed_SameUidsAndNewSeedFresh()
    {
        var a = new DemoStudyGenerator("one");

        Assert.Equal(a.Uid("ct/study"), new DemoStudyGenerator("one").Uid("ct/study"));
        Assert.NotEqual(a.Uid("ct/study"), new DemoStudyGenerator("two").Uid("ct/study"));
        Assert.NotEqual(a.Uid("ct/study"), a.Uid("mr/study"));
        Assert.Matches(@"^2\.25\.[1-9][0-9]*$", a.Uid("ct/study"));
        Assert.InRange(a.Uid("ct/study").Length, 10, 64);
    }

    [Fact]
    public async Task SeedIfEmptyAsync_EmptyArchive_FourStudiesAndSecondCallSkips()
    {
        Assert.Equal(DemoStudyGenerator.ObjectCount, fixture.Seeded);

        var again = await DemoSeeder.SeedIfEmptyAsync(fixture.Archive, new DemoStudyGenerator("another"));
        var studies = new List<DicomDataset>();
        await foreach (var s in fixture.Archive.SearchStudiesAsync(new StudyQuery()))
        {
            studies.Add(s);
        }

        Assert.Equal(0, again);
        Assert.Equal(["CR", "CT", "MR", "US"], studies.Select(s => s.GetFirstString(DicomTags.ModalitiesInStudy) ?? "").Order(StringComparer.Ordinal));
        var ct = studies.Single(s => s.GetFirstString(DicomTags.ModalitiesInStudy) == "CT");
        Assert.Equal("DEMO^CT", ct.GetFirstString(DicomTags.PatientName));
        Assert.Equal(DemoStudyGenerator.CtSlices + DemoStudyGenerator.CtCoronalSlices, ct.GetInt32(DicomTags.NumberOfStudyRelatedInstances, -1));
    }

    [Fact]
    public void StoredDemoFiles_Pydicom_DecodesWithIntendedValues()
    {
        var points = JsonSerializer.Serialize(CtPoints.Select(p => new[] { p.Row, p.Column }));
        var json = Imaging.PydicomRunner.Run(Script, fixture.ObjectsFolder, points);
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToArray();

        Assert.Equal(DemoStudyGenerator.ObjectCount, rows.Length);
        var ct = rows.Where(r => r.GetProperty("modality").GetString() == "CT").ToArray();
        CheckCt(ct.Where(r => r.TryGetProperty("hu", out _)).ToArray());
        CheckCtCoronal(ct.Where(r => !r.TryGetProperty("hu", out _)).ToArray());
        CheckMr(rows.Where(r => r.GetProperty("modality").GetString() == "MR").ToArray());

        var cr = Assert.Single(rows, r => r.GetProperty("modality").GetString() == "CR");
        Assert.Equal("MONOCHROME1", cr.GetProperty("photometric").GetString());
        Assert.Equal("DEMO^CR", cr.GetProperty("patient").GetString());
        Assert.Equal([DemoStudyGenerator.CrRows, DemoStudyGenerator.CrColumns], Ints(cr.GetProperty("shape")));
        // MONOCHROME1: the spine (most absorbing) has lower stored values than the air beside the patient.
        Assert.True(cr.GetProperty("bone").GetDouble() < cr.GetProperty("air").GetDouble() - 2000,
            $"bone {cr.GetProperty("bone")} vs air {cr.GetProperty("air")}");

        var us = Assert.Single(rows, r => r.GetProperty("modality").GetString() == "US");
        Assert.Equal("RGB", us.GetProperty("photometric").GetString());
        Assert.Equal(DemoStudyGenerator.UsFrames, us.GetProperty("frames").GetInt32());
        Assert.Equal([DemoStudyGenerator.UsFrames, DemoStudyGenerator.UsRows, DemoStudyGenerator.UsColumns, 3], Ints(us.GetProperty("shape")));
        Assert.Equal(DemoStudyGenerator.UsFrameTimeMs, us.GetProperty("frameTime").GetDouble(), 3);
        Assert.Equal(30, us.GetProperty("cineRate").GetInt32());
        Assert.Equal(0, us.GetProperty("planar").GetInt32());
        Assert.True(us.GetProperty("redPixels").GetInt32() > 100);
        Assert.True(us.GetProperty("framesDiffer").GetBoolean());
        Assert.Equal(4, rows.Select(r => r.GetProperty("study").GetString()).Distinct().Count());
    }

    private static void CheckCt(JsonElement[] ct)
    {
        Assert.Equal(DemoStudyGenerator.CtSlices, ct.Length);
        var slices = ct.OrderBy(r => r.GetProperty("ipp")[2].GetDouble()).ToArray();
        for (var i = 0; i < slices.Length; i++)
        {
            var s = slices[i];
            Assert.Equal("MONOCHROME2", s.GetProperty("photometric").GetString());
            Assert.Equal([1.0, 0, 0, 0, 1, 0], Doubles(s.GetProperty("iop")));
            Assert.Equal([DemoStudyGenerator.CtPixelSpacing, DemoStudyGenerator.CtPixelSpacing], Doubles(s.GetProperty("spacing")));
            Assert.Equal(DemoStudyGenerator.CtSliceSpacing, s.GetProperty("thickness").GetDouble());
            var ipp = Doubles(s.GetProperty("ipp"));
            Assert.Equal(DemoStudyGenerator.CtOrigin, ipp[0], 6);
            Assert.Equal(DemoStudyGenerator.CtOrigin, ipp[1], 6);
            // Positions step by the spacing along the normal (0,0,1) of the orientation.
            Assert.Equal(DemoStudyGenerator.CtFirstSliceZ + i * DemoStudyGenerator.CtSliceSpacing, ipp[2], 6);
            var hu = Doubles(s.GetProperty("hu"));
            for (var p = 0; p < CtPoints.Length; p++)
            {
                var x = ipp[0] + CtPoints[p].Column * DemoStudyGenerator.CtPixelSpacing;
                var y = ipp[1] + CtPoints[p].Row * DemoStudyGenerator.CtPixelSpacing;
                var expected = DemoStudyGenerator.PhantomHu(x, y, ipp[2]);
                Assert.True(Math.Abs(hu[p] - expected) <= 9, $"slice z={ipp[2]} point {CtPoints[p]}: HU {hu[p]}, phantom {expected}");
            }
        }
        // The points hit the tissues they are meant to on a lung-level slice.
        var chest = Doubles(slices[100].GetProperty("hu"));
        Assert.InRange(chest[0], 240, 260);   // cancellous bone of the spine
        Assert.InRange(chest[1], -860, -840); // lung
        Assert.Equal(-1000, chest[3]);        // air
    }

    private static void CheckCtCoronal(JsonElement[] coronal)
    {
        Assert.Equal(DemoStudyGenerator.CtCoronalSlices, coronal.Length);
        var ys = coronal.Select(r => Doubles(r.GetProperty("ipp"))[1]).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, DemoStudyGenerator.CtCoronalSlices).Select(i => DemoStudyGenerator.CtCoronalFirstSliceY + i * DemoStudyGenerator.CtCoronalSliceSpacing), ys);
        Assert.All(coronal, r =>
        {
            Assert.Equal([1.0, 0, 0, 0, 0, -1], Doubles(r.GetProperty("iop")));
            Assert.Equal([DemoStudyGenerator.CtSliceSpacing, DemoStudyGenerator.CtCoronalColumnSpacing], Doubles(r.GetProperty("spacing")));
            Assert.Equal([DemoStudyGenerator.CtCoronalRows, DemoStudyGenerator.CtCoronalColumns], Ints(r.GetProperty("shape")));
            Assert.Equal(DemoStudyGenerator.CtCoronalTopZ, Doubles(r.GetProperty("ipp"))[2], 6);
        });
        Assert.Single(coronal.Select(r => r.GetProperty("study").GetString()).Distinct());
    }

    private static void CheckMr(JsonElement[] mr)
    {
        Assert.Equal(DemoStudyGenerator.MrSlices, mr.Length);
        var normal = DemoStudyGenerator.MrNormal;
        var first = DemoStudyGenerator.MrFirstPosition;
        var distances = mr.Select(r =>
        {
            var ipp = Doubles(r.GetProperty("ipp"));
            Assert.Equal(DemoStudyGenerator.MrOrientation, Doubles(r.GetProperty("iop")));
            var iop = Doubles(r.GetProperty("iop"));
            // The slice normal is the cross product of the row and column directions (PS3.3 C.7.6.2.1.1).
            double[] cross = [iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5], iop[0] * iop[4] - iop[1] * iop[3]];
            Assert.Equal(normal, cross.Select(v => v + 0.0));
            return (ipp[0] - first[0]) * normal[0] + (ipp[1] - first[1]) * normal[1] + (ipp[2] - first[2]) * normal[2];
        }).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, DemoStudyGenerator.MrSlices).Select(i => i * DemoStudyGenerator.MrSliceSpacing), distances.Select(d => Math.Round(d, 6)));
    }

    [Fact]
    public async Task StoredDemoFiles_Dcmdump_ReadsEachModalityWithoutErrors()
    {
        const string dcmdump = "/usr/bin/dcmdump";
        Assert.True(File.Exists(dcmdump), $"{dcmdump} is missing (apt-get install dcmtk)");
        var byModality = new Dictionary<string, string>();
        foreach (var file in Directory.EnumerateFiles(fixture.ObjectsFolder, "*.dcm", SearchOption.AllDirectories))
        {
            var modality = PacsViewer.Core.Dicom.IO.DicomFile.Open(file, new() { StopBeforePixelData = true }).Dataset.GetFirstString(DicomTags.Modality)!;
            byModality.TryAdd(modality, file);
        }
        Assert.Equal(["CR", "CT", "MR", "US"], byModality.Keys.Order(StringComparer.Ordinal));

        foreach (var (modality, file) in byModality)
        {
            var psi = new ProcessStartInfo(dcmdump) { RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add("-E");
            psi.ArgumentList.Add(file);
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var output = await stdout;
            Assert.True(process.ExitCode == 0, $"dcmdump failed on the {modality} object: {stderr}");
            Assert.DoesNotContain("E: ", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("W: ", stderr, StringComparison.Ordinal);
            Assert.Contains($"DEMO^{modality}", output, StringComparison.Ordinal);
        }
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

}
