using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Geometry;
using PacsViewer.Core.Imaging.Grayscale;
using PacsViewer.Core.Imaging.Rendering;
using PacsViewer.Core.Imaging.Statistics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PacsViewer.Tests.Web.Endpoints;

/// <summary>The viewer API against the built-in archive (see <see cref="ViewerApiFixture"/> for what it holds).</summary>
public sealed class ViewerApiTests(ViewerApiFixture fixture) : IClassFixture<ViewerApiFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Sources_Archive_ListsArchiveWithItsKind()
    {
        var sources = await Client.GetFromJsonAsync<JsonElement>("/api/sources");

        Assert.Contains(sources.EnumerateArray(), s => s.GetProperty("id").GetString() == "archive" && s.GetProperty("kind").GetString() == "archive");
    }

    [Fact]
    public async Task Studies_PatientNameAndModality_ReturnsTheCtStudyWithCounts()
    {
        var studies = await Client.GetFromJsonAsync<JsonElement>("/api/sources/archive/studies?patientName=DEMO%5ECT&modality=ct&from=2024-03-01&to=2024-03-31");

        var study = Assert.Single(studies.EnumerateArray());
        Assert.Equal(fixture.StudyUid, study.GetProperty("studyInstanceUid").GetString());
        Assert.Equal("DEMO, CT", study.GetProperty("patientName").GetString());
        Assert.Equal("2024-03-14", study.GetProperty("studyDate").GetString());
        Assert.Equal(3, study.GetProperty("seriesCount").GetInt32());
        Assert.Equal(ViewerApiFixture.CtCount + 2, study.GetProperty("instanceCount").GetInt32());
        Assert.Contains("CT", study.GetProperty("modalities").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task StudiesSearch_PostedKeys_SameAsTheQueryStringSearch()
    {
        using var response = await Client.PostAsJsonAsync("/api/sources/archive/studies/search", new { patientName = "DEMO^C*", modality = "CT", limit = 5 });

        var studies = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.StudyUid, Assert.Single(studies.EnumerateArray()).GetProperty("studyInstanceUid").GetString());
    }

    [Fact]
    public async Task StudiesSearch_PostedBadDate_Returns400NamingIt()
    {
        using var response = await Client.PostAsJsonAsync("/api/sources/archive/studies/search", new { to = "yesterday" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "to");
    }

    [Fact]
    public async Task Studies_DateOutsideRange_ReturnsEmptyList()
    {
        var studies = await Client.GetFromJsonAsync<JsonElement>("/api/sources/archive/studies?patientName=DEMO%5ECT&from=2025-01-01");

        Assert.Equal(0, studies.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/sources/archive/studies?from=14-03-2024", "from")]
    [InlineData("/api/sources/archive/studies?limit=0", "limit")]
    public async Task Studies_BadParameter_Returns400NamingIt(string url, string parameter)
    {
        using var response = await Client.GetAsync(url);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task Studies_UnknownSource_Returns404Problem()
    {
        using var response = await Client.GetAsync("/api/sources/nowhere/studies");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "nowhere");
    }

    [Fact]
    public async Task Model_CtStudy_OrdersSlicesAlongTheNormalNotByInstanceNumber()
    {
        var model = await Client.GetFromJsonAsync<JsonElement>($"/api/sources/archive/studies/{fixture.StudyUid}/model");

        var series = model.GetProperty("series").EnumerateArray().ToList();
        var ct = series.Single(s => s.GetProperty("seriesInstanceUid").GetString() == fixture.CtSeriesUid);
        Assert.Equal("image", ct.GetProperty("kind").GetString());
        var instances = ct.GetProperty("instances").EnumerateArray().ToList();
        Assert.Equal(ViewerApiFixture.CtCount, instances.Count);
        // Normal (0,0,1): positions along it are the z coordinates, which must increase; instance numbers run against them.
        var z = instances.Select(i => i.GetProperty("imagePositionPatient")[2].GetDouble()).ToList();
        Assert.Equal(Enumerable.Range(0, ViewerApiFixture.CtCount).Select(k => DemoStudyGenerator.CtFirstSliceZ + k * DemoStudyGenerator.CtSliceSpacing), z);
        Assert.Equal(Enumerable.Range(1, ViewerApiFixture.CtCount).Reverse(), instances.Select(i => i.GetProperty("instanceNumber").GetInt32()));
        Assert.Equal(fixture.Ct.Select(f => f.SopInstanceUid), instances.Select(i => i.GetProperty("sopInstanceUid").GetString()));
        var first = instances[0];
        Assert.Equal([DemoStudyGenerator.CtPixelSpacing, DemoStudyGenerator.CtPixelSpacing], first.GetProperty("pixelSpacing").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("PixelSpacing", first.GetProperty("pixelSpacingKind").GetString());
        Assert.Equal("HU", first.GetProperty("modalityUnits").GetString());
        Assert.False(first.GetProperty("isColor").GetBoolean());
        Assert.Equal(512, first.GetProperty("rows").GetInt32());
        Assert.Equal(1, first.GetProperty("frames").GetInt32());
        var window = first.GetProperty("windows")[1];
        Assert.Equal((-600.0, 1500.0, "LUNG"), (window.GetProperty("center").GetDouble(), window.GetProperty("width").GetDouble(), window.GetProperty("explanation").GetString()));
        Assert.Equal(fixture.Ct[0].Dataset.GetFirstString(DicomTags.FrameOfReferenceUID), ct.GetProperty("frameOfReferenceUid").GetString());
    }

    [Fact]
    public async Task Model_CtStudy_HasCtPresetsAndSrAndPdfKinds()
    {
        var model = await Client.GetFromJsonAsync<JsonElement>($"/api/sources/archive/studies/{fixture.StudyUid}/model");

        var presets = model.GetProperty("presets").GetProperty("CT").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => (p.GetProperty("center").GetDouble(), p.GetProperty("width").GetDouble()));
        Assert.Equal((40.0, 400.0), presets["Soft tissue"]);
        Assert.Equal((-600.0, 1500.0), presets["Lung"]);
        Assert.Equal((300.0, 1500.0), presets["Bone"]);
        Assert.Equal((40.0, 80.0), presets["Brain"]);
        Assert.Equal((60.0, 160.0), presets["Liver"]);
        Assert.Equal((50.0, 350.0), presets["Mediastinum"]);
        var kinds = model.GetProperty("series").EnumerateArray()
            .ToDictionary(s => s.GetProperty("seriesInstanceUid").GetString()!, s => (s.GetProperty("kind").GetString(), s.GetProperty("kindDescription").GetString()));
        Assert.Equal(("sr", "Basic Text SR Storage"), kinds[fixture.SrSeriesUid]);
        Assert.Equal(("pdf", "Encapsulated PDF Storage"), kinds[fixture.PdfSeriesUid]);
    }

    [Fact]
    public async Task Model_UnknownStudy_Returns404Problem()
    {
        using var response = await Client.GetAsync("/api/sources/archive/studies/1.2.3.4/model");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "1.2.3.4");
    }

    [Theory]
    [InlineData("window=40,400", 0)]
    [InlineData("window=-600,1500,linear_exact&invert=1&rotate=90&flip=h", 2)]
    [InlineData("window=40,400,sigmoid&region=100,50,300,200&size=150,100&rotate=180&flip=v", 5)]
    [InlineData("", 3)]
    public async Task Rendered_Png_EqualsFrameRendererOutputPixelForPixel(string query, int slice)
    {
        using var response = await Client.GetAsync(fixture.CtPath(slice, "frames/1/rendered?" + query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var png = Image.Load<L8>(await response.Content.ReadAsByteArrayAsync());
        var key = ExpectedKey(query);
        var file = fixture.Ct[slice];
        using var frame = new FrameReader(DefaultCodecs.CreateDefault()).ReadFrame(file, 0);
        using var expected = new FrameRenderer().Render(file, frame, key);
        Assert.Equal((expected.Width, expected.Height), (png.Width, png.Height));
        var actual = new byte[png.Width * png.Height];
        png.CopyPixelDataTo(actual);
        Assert.Equal(expected.Pixels.ToArray(), actual);
    }

    [Fact]
    public async Task Rendered_Jpeg_HasMediaTypeAndStrongValidators()
    {
        using var response = await Client.GetAsync(fixture.CtPath(1, "frames/1/rendered?window=40,400&format=jpeg&quality=70&size=256,256"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.True(response.Headers.CacheControl!.Private);
        Assert.Equal(TimeSpan.FromSeconds(3600), response.Headers.CacheControl.MaxAge);
        Assert.True(response.Headers.Contains("X-Render-Ms"));
        using var jpeg = Image.Load(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((256, 256), (jpeg.Width, jpeg.Height));
    }

    [Fact]
    public async Task Rendered_IfNoneMatchWithItsETag_Returns304WithoutBody()
    {
        var url = fixture.CtPath(2, "frames/1/rendered?window=50,350");
        using var first = await Client.GetAsync(url);
        var etag = first.Headers.ETag!;

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await Client.SendAsync(request);
        using var other = new HttpRequestMessage(HttpMethod.Get, fixture.CtPath(2, "frames/1/rendered?window=50,351"));
        other.Headers.IfNoneMatch.Add(etag);
        using var third = await Client.SendAsync(other);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.NotEqual(etag, third.Headers.ETag);
    }

    [Theory]
    [InlineData("frames/1/rendered?window=abc", "window")]
    [InlineData("frames/1/rendered?window=40,0", "window")]
    [InlineData("frames/1/rendered?window=40,400,cubic", "window")]
    [InlineData("frames/1/rendered?region=0,0,600,10", "region")]
    [InlineData("frames/1/rendered?size=0,10", "size")]
    [InlineData("frames/1/rendered?size=16384,16384", "size")]
    [InlineData("frames/1/rendered?rotate=45", "rotate")]
    [InlineData("frames/1/rendered?flip=x", "flip")]
    [InlineData("frames/1/rendered?format=gif", "format")]
    [InlineData("frames/1/rendered?format=jpeg&quality=101", "quality")]
    [InlineData("frames/1/rendered?invert=yes", "invert")]
    [InlineData("frames/0/rendered", "frame")]
    [InlineData("frames/one/rendered", "frame")]
    [InlineData("frames/1/stats?roi=1,2,3", "roi")]
    [InlineData("frames/1/stats?shape=star", "shape")]
    public async Task FrameEndpoints_BadParameter_Returns400NamingIt(string rest, string parameter)
    {
        using var response = await Client.GetAsync(fixture.CtPath(0, rest));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, parameter);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Rendered_FrameBeyondNumberOfFrames_Returns404()
    {
        using var response = await Client.GetAsync(fixture.CtPath(0, "frames/2/rendered"));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "frame 2 does not exist");
    }

    [Fact]
    public async Task Rendered_UnknownInstance_Returns404()
    {
        using var response = await Client.GetAsync($"/api/sources/archive/studies/{fixture.StudyUid}/series/{fixture.CtSeriesUid}/instances/1.2.3/frames/1/rendered");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "1.2.3");
    }

    [Fact]
    public async Task Rendered_UnknownSource_Returns404()
    {
        using var response = await Client.GetAsync(fixture.CtPath(0, "frames/1/rendered").Replace("/sources/archive/", "/sources/elsewhere/", StringComparison.Ordinal));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "elsewhere");
    }

    [Fact]
    public async Task Rendered_Htj2kWithoutCodec_Returns422SayingSo()
    {
        var d = fixture.Htj2k.Dataset;
        var url = $"/api/sources/archive/studies/{d.GetFirstString(DicomTags.StudyInstanceUID)}/series/{d.GetFirstString(DicomTags.SeriesInstanceUID)}/instances/{fixture.Htj2k.SopInstanceUid}/frames/1/rendered";

        using var response = await Client.GetAsync(url);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "1.2.840.10008.1.2.4.203");
        Assert.Contains("no decoder for High-Throughput JPEG 2000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shape=ellipse&roi=200.5,150,80,60", RegionShape.Ellipse)]
    [InlineData("shape=rect&roi=10,20,100,50", RegionShape.Rectangle)]
    public async Task Stats_Region_EqualsFrameStatisticsInHu(string query, RegionShape shape)
    {
        var stats = await Client.GetFromJsonAsync<JsonElement>(fixture.CtPath(4, "frames/1/stats?" + query));

        var roi = query.Split("roi=")[1].Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var file = fixture.Ct[4];
        using var frame = new FrameReader(DefaultCodecs.CreateDefault()).ReadFrame(file, 0);
        var expected = FrameStatistics.Compute(frame, GrayscalePipeline.FromDataset(file.Dataset).Modality, new RegionOfInterest(shape, roi[0], roi[1], roi[2], roi[3]));
        Assert.Equal(expected.PixelCount, stats.GetProperty("count").GetInt64());
        Assert.Equal(expected.Mean, stats.GetProperty("mean").GetDouble(), 9);
        Assert.Equal(expected.StandardDeviation, stats.GetProperty("stdDev").GetDouble(), 9);
        Assert.Equal(expected.Min, stats.GetProperty("min").GetDouble());
        Assert.Equal(expected.Max, stats.GetProperty("max").GetDouble());
        Assert.Equal("HU", stats.GetProperty("units").GetString());
        Assert.True(expected.PixelCount > 100);
    }

    [Fact]
    public async Task Stats_RegionOutsideFrame_ReturnsZeroCountAndNullValues()
    {
        var stats = await Client.GetFromJsonAsync<JsonElement>(fixture.CtPath(0, "frames/1/stats?roi=600,600,10,10"));

        Assert.Equal(0, stats.GetProperty("count").GetInt64());
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("mean").ValueKind);
    }

    [Fact]
    public async Task SeriesThumbnail_CtSeries_IsJpegOfTheMiddleInstanceFittedInSize()
    {
        using var response = await Client.GetAsync($"/api/sources/archive/studies/{fixture.StudyUid}/series/{fixture.CtSeriesUid}/thumbnail?size=64");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        using var jpeg = Image.Load<L8>(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((64, 64), (jpeg.Width, jpeg.Height));
        // Instance numbers 1..6 by number: the middle (index 3) is instance number 4, slice 2 (numbers run against slices).
        using var instance = await Client.GetAsync(fixture.CtPath(2, "thumbnail?size=64"));
        Assert.Equal(response.Headers.ETag, instance.Headers.ETag);
    }

    [Fact]
    public async Task SeriesThumbnail_RevalidatedWithItsETag_Returns304WithoutListingTheSeriesAgain()
    {
        var url = $"/api/sources/{ViewerApiFixture.CountedSourceId}/studies/{fixture.StudyUid}/series/{fixture.CtSeriesUid}/thumbnail?size=40";
        using var first = await Client.GetAsync(url);
        var listings = fixture.Counted.InstanceSearches;
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, url);
        revalidation.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await Client.SendAsync(revalidation);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(listings >= 1, $"the first request lists the series ({listings} listings)");
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(listings, fixture.Counted.InstanceSearches);
    }

    [Fact]
    public async Task SeriesThumbnail_SrSeries_Returns404SayingWhatItIs()
    {
        using var response = await Client.GetAsync($"/api/sources/archive/studies/{fixture.StudyUid}/series/{fixture.SrSeriesUid}/thumbnail");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "Basic Text SR Storage");
    }

    [Fact]
    public async Task Sr_BasicTextSr_ReturnsTreeAndTextWithConceptNames()
    {
        var sr = await Client.GetFromJsonAsync<JsonElement>($"/api/sources/archive/studies/{fixture.StudyUid}/series/{fixture.SrSeriesUid}/instances/{fixture.SrUid}/sr");

        Assert.Equal("Radiology Report", sr.GetProperty("title").GetString());
        Assert.Equal("COMPLETE", sr.GetProperty("completionFlag").GetString());
        var child = sr.GetProperty("root").GetProperty("children")[0];
        Assert.Equal(("CONTAINS", "TEXT", ViewerApiFixture.SrConceptName, ViewerApiFixture.SrText),
            (child.GetProperty("relationship").GetString(), child.GetProperty("valueType").GetString(),
             child.GetProperty("conceptName").GetProperty("meaning").GetString(), child.GetProperty("value").GetString()));
        Assert.Equal($"Radiology Report\n  {ViewerApiFixture.SrConceptName}: {ViewerApiFixture.SrText}\n", sr.GetProperty("text").GetString()!.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Pdf_EncapsulatedPdf_ReturnsTheDocumentInline()
    {
        using var response = await Client.GetAsync($"/api/sources/archive/studies/{fixture.StudyUid}/series/{fixture.PdfSeriesUid}/instances/{fixture.PdfUid}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(ViewerApiFixture.PdfBytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Pdf_OnAnImage_Returns404()
    {
        using var response = await Client.GetAsync(fixture.CtPath(0, "pdf"));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "Encapsulated PDF");
    }

    /// <summary>The render key the endpoint should build for <paramref name="query"/> (written out independently of its parser).</summary>
    private static RenderKey ExpectedKey(string query) => query switch
    {
        "window=40,400" => RenderKey.ForWindow(40, 400),
        "window=-600,1500,linear_exact&invert=1&rotate=90&flip=h" => RenderKey.ForWindow(-600, 1500, VoiLutFunction.LinearExact) with
        {
            Invert = true, Rotation = Rotation.Clockwise90, FlipHorizontal = true,
        },
        "window=40,400,sigmoid&region=100,50,300,200&size=150,100&rotate=180&flip=v" => RenderKey.ForWindow(40, 400, VoiLutFunction.Sigmoid) with
        {
            Region = new PixelRect(100, 50, 300, 200), Width = 150, Height = 100, Rotation = Rotation.Clockwise180, FlipVertical = true,
        },
        "" => new RenderKey(),
        _ => throw new ArgumentOutOfRangeException(nameof(query)),
    } with { Format = ImageFormat.Png };

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mention)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var text = problem.GetProperty("title").GetString() + " " + problem.GetProperty("detail").GetString();
        Assert.Contains(mention, text, StringComparison.Ordinal);
        return problem;
    }
}
