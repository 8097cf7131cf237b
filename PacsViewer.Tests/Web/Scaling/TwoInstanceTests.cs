using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Telemetry;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Telemetry;
using PacsViewer.Web.Viewer;
using StackExchange.Redis;

namespace PacsViewer.Tests.Web.Scaling;

/// <summary>
/// The two-instance test (issue 7): two app instances with one PostgreSQL database, one archive folder and one Redis.
/// A cookie issued by A is accepted by B; a frame rendered on A is served to B from the shared cache (B renders
/// nothing); a lock claimed through A is seen on B, and the change notification reaches B's worklist.
/// </summary>
public sealed class TwoInstanceTests(TwoInstanceFixture instances) : IClassFixture<TwoInstanceFixture>
{
    /// <summary>A hang detector only, never a speed assertion.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false, HandleCookies = false };

    [Fact]
    public async Task AuthCookie_IssuedByA_AcceptedByB()
    {
        var cookie = await SignInOnAAsync(AppSignIn.Radiologist);
        using var b = instances.B.CreateClient(NoRedirects);

        using var signedIn = await GetAsync(b, "/worklist", cookie);
        using var anonymous = await GetAsync(b, "/worklist", cookie: null);

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location?.PathAndQuery ?? "", StringComparison.Ordinal);
        // Both instances keep the key ring in Redis (not in a folder they happen to share in this process).
        Assert.All(new[] { instances.A, instances.B }, factory => Assert.IsType<RedisXmlRepository>(
            factory.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(instances.Redis.Configuration);
        Assert.True(await redis.GetDatabase().ListLengthAsync("PacsViewer:DataProtection-Keys") >= 1, "no Data Protection key in Redis");
    }

    [Fact]
    public async Task RenderedFrame_RenderedOnA_ServedFromSharedCacheOnB()
    {
        var cookie = await SignInOnAAsync(AppSignIn.Radiologist);
        var path = await StoreSampleAsync("ct/CT2_RLE.dcm") + "/frames/1/rendered?window=45,410&format=jpeg";
        using var a = instances.A.CreateClient(NoRedirects);
        using var b = instances.B.CreateClient(NoRedirects);
        using var recordA = new TelemetryRecorder(instances.A.Services.GetRequiredService<PacsViewerTelemetry>());
        using var recordB = new TelemetryRecorder(instances.B.Services.GetRequiredService<PacsViewerTelemetry>());

        using var fromA = await GetAsync(a, path, cookie);
        using var fromB = await GetAsync(b, path, cookie);

        Assert.Equal(HttpStatusCode.OK, fromA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromB.StatusCode);
        Assert.Equal(await fromA.Content.ReadAsByteArrayAsync(), await fromB.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/jpeg", fromB.Content.Headers.ContentType?.MediaType);
        Assert.Single(recordA.Of("pacsviewer.frame.render.duration"));
        Assert.Equal(1, recordA.Lookups(CacheNames.SharedFrame, "miss"));
        Assert.Empty(recordB.Of("pacsviewer.frame.render.duration"));
        Assert.Equal(1, recordB.Lookups(CacheNames.SharedFrame, "hit"));
        Assert.Equal(0, recordB.Lookups(CacheNames.DecodedFrame, "miss"));
    }

    [Fact]
    public async Task Lock_ClaimedThroughA_SeenOnBAndNotifiedThere()
    {
        var file = DicomFile.Open(TestFiles.Sample("ct/CT2_RLE.dcm"));
        await instances.A.Services.GetRequiredService<WorklistSynchronizer>().UpsertAsync("archive", file.Dataset);
        var study = new StudyKey("archive", file.Dataset.GetFirstString(DicomTags.StudyInstanceUID)!);
        var notifiedOnB = new TaskCompletionSource<WorklistChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        var notifierB = instances.B.Services.GetRequiredService<IWorklistNotifier>();
        void OnChanged(object? sender, WorklistChange change)
        {
            if (change.Kind == WorklistChangeKind.LockChanged && change.StudyInstanceUid == study.StudyInstanceUid)
            {
                notifiedOnB.TrySetResult(change);
            }
        }
        notifierB.Changed += OnChanged;
        try
        {
            // Released first, so the claim below changes the holder (and is announced) whatever ran before.
            await instances.A.Services.GetRequiredService<StudyLockService>().ReleaseAsync(study, AppSignIn.Radiologist2);
            var claim = await instances.A.Services.GetRequiredService<StudyLockService>().ClaimAsync(study, AppSignIn.Radiologist2);
            var seenOnB = await instances.B.Services.GetRequiredService<StudyLockService>().GetAsync(study);
            var change = await notifiedOnB.Task.WaitAsync(Hang);

            Assert.True(claim.Acquired);
            Assert.Equal(AppSignIn.Radiologist2, seenOnB.HeldBy);
            Assert.Equal("archive", change.SourceName);
            var refusedOnB = await instances.B.Services.GetRequiredService<StudyLockService>().ClaimAsync(study, AppSignIn.Radiologist);
            Assert.False(refusedOnB.Acquired);
            Assert.Equal(AppSignIn.Radiologist2, refusedOnB.HeldBy);
        }
        finally
        {
            notifierB.Changed -= OnChanged;
            await instances.A.Services.GetRequiredService<StudyLockService>().ReleaseAsync(study, AppSignIn.Radiologist2);
        }
    }

    [Fact]
    public async Task StudyModel_LoadedOnA_ServedFromSharedCacheOnB()
    {
        var file = DicomFile.Open(TestFiles.Sample("mr/emri_small_jpeg_ls_lossless.dcm"));
        await instances.A.Services.GetRequiredService<LocalArchive>().StoreAsync(file);
        var study = file.Dataset.GetFirstString(DicomTags.StudyInstanceUID)!;
        using var recordA = new TelemetryRecorder(instances.A.Services.GetRequiredService<PacsViewerTelemetry>());
        using var recordB = new TelemetryRecorder(instances.B.Services.GetRequiredService<PacsViewerTelemetry>());

        var onA = await instances.A.Services.GetRequiredService<StudyModelCache>().GetAsync(Archive(instances.A), study);
        var onB = await instances.B.Services.GetRequiredService<StudyModelCache>().GetAsync(Archive(instances.B), study);

        Assert.Equal(file.SopInstanceUid, Assert.Single(Assert.Single(onA.Series).Instances).SopInstanceUid);
        Assert.Equal(JsonSerializer.Serialize(onA), JsonSerializer.Serialize(onB));
        Assert.Equal(1, recordA.Lookups(CacheNames.SharedMetadata, "miss"));
        Assert.Equal(1, recordB.Lookups(CacheNames.SharedMetadata, "hit"));
        Assert.Equal(0, recordB.Lookups(CacheNames.SharedMetadata, "miss"));
    }

    private static IStudySource Archive(PacsViewerWebApplicationFactory factory) =>
        factory.Services.GetServices<IStudySource>().Single(s => s.Id == "archive");

    /// <summary>Signs in on A and returns the authentication cookie (name=value) A issued.</summary>
    private async Task<string> SignInOnAAsync(string user)
    {
        using var client = instances.A.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await AppSignIn.PostLoginAsync(client, user);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("PacsViewer.Auth=", StringComparison.Ordinal));
        return setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>Stores a sample in the shared archive through A; the frame endpoint's path of its instance.</summary>
    private async Task<string> StoreSampleAsync(string sample)
    {
        var file = DicomFile.Open(TestFiles.Sample(sample));
        await instances.A.Services.GetRequiredService<LocalArchive>().StoreAsync(file);
        var d = file.Dataset;
        return $"/api/sources/archive/studies/{d.GetFirstString(DicomTags.StudyInstanceUID)}/series/{d.GetFirstString(DicomTags.SeriesInstanceUID)}/instances/{file.SopInstanceUid}";
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return await client.SendAsync(request);
    }
}
