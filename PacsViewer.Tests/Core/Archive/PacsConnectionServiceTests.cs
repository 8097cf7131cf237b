using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Fixtures;
using PacsViewer.Web.Archive;

namespace PacsViewer.Tests.Core.Archive;

/// <summary>
/// Admin-managed PACS connections (<see cref="PacsConnectionService"/>) over a SQLite app database, with the sources
/// it builds queried against Orthanc through the <see cref="StudySourceCatalog"/> right after they are saved.
/// </summary>
[Collection(OrthancCollection.Name)]
public sealed class PacsConnectionServiceTests(OrthancFixture orthanc) : IAsyncLifetime
{
    private const string Secret = "Synthetic-Secret-7731";

    private readonly TempDirectory _folder = new("pacs-connections-");
    private ServiceProvider? _provider;

    private PacsConnectionService Service => _provider!.GetRequiredService<PacsConnectionService>();

    private StudySourceCatalog Catalog => _provider!.GetRequiredService<StudySourceCatalog>();

    private static string BrainStudy => DicomFile.Open(TestFiles.Sample("series/mr_brain_ge_axial_pd/brain_001.dcm")).Dataset.GetString(DicomTags.StudyInstanceUID)!;

    public async Task InitializeAsync()
    {
        _provider = Build();
        await _provider.GetRequiredService<PacsViewerDatabase>().MigrateAsync();
        await Service.StartAsync(CancellationToken.None);
    }

    private ServiceProvider Build(IDataProtectionProvider? keys = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:PacsViewer"] = $"Data Source={_folder.File("app.db")};Pooling=False",
            ["Archive:Path"] = _folder.File("archive"),
            ["Cache:Path"] = _folder.File("cache"),
            ["Pacs:Sources:0:Name"] = "configured",
            ["Pacs:Sources:0:Kind"] = "dicomweb",
            ["Pacs:Sources:0:Url"] = orthanc.Server.DicomWebRoot.ToString(),
        };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPacsViewerCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(keys ?? new EphemeralDataProtectionProvider());
        services.AddSingleton<IPacsConnectionSecretProtector, PacsConnectionSecretProtector>();
        services.AddSingleton<PacsConnectionService>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await Service.StopAsync(CancellationToken.None);
            await _provider.DisposeAsync();
        }
        _folder.Dispose();
    }

    private PacsConnectionEdit DicomWeb(string name, string? password = null) => new()
    {
        Name = name,
        Kind = PacsSourceKind.DicomWeb,
        Url = orthanc.Server.DicomWebRoot.ToString(),
        UserName = password is null ? null : "viewer",
        NewPassword = password,
        TimeoutSeconds = 10,
        Retries = 0,
    };

    private PacsConnectionEdit Dimse(string name, int? port = null) => new()
    {
        Name = name,
        Kind = PacsSourceKind.Dimse,
        AeTitle = orthanc.Server.AeTitle,
        Host = "127.0.0.1",
        Port = port ?? orthanc.Server.DicomPort,
        TimeoutSeconds = 10,
    };

    private async Task<PacsConnection> RowAsync(string name)
    {
        await using var db = _provider!.GetRequiredService<PacsViewerDatabase>().CreateContext();
        return await db.PacsConnections.AsNoTracking().SingleAsync(r => r.Name == name);
    }

    [Fact]
    public async Task SaveAsync_NewDicomWebConnection_CatalogFindsOrthancStudyAtOnce()
    {
        var detail = await Service.SaveAsync(DicomWeb("web-added"), "admin");

        Assert.True(Catalog.TryGet("web-added", out var source));
        Assert.IsType<DicomWebStudySource>(Assert.IsType<CachingStudySource>(source).Inner);
        var studies = await source.SearchStudiesAsync(new StudyQuery { StudyInstanceUid = BrainStudy }).ToListAsync();
        Assert.Equal(BrainStudy, Assert.Single(studies).GetString(DicomTags.StudyInstanceUID));
        Assert.Equal($"created DicomWeb connection {orthanc.Server.DicomWebRoot}", detail);
        Assert.Equal(["archive", "configured", "web-added"], Catalog.All.Select(s => s.Id));
    }

    [Fact]
    public async Task SaveAsync_NewDimseConnection_CatalogFindsOrthancStudyAtOnce()
    {
        string? changed = null;
        Catalog.Changed += (_, id) => changed = id;

        await Service.SaveAsync(Dimse("dimse-added"), "admin");

        Assert.Equal("dimse-added", changed);
        Assert.True(Catalog.TryGet("dimse-added", out var source));
        Assert.Equal("dimse", StudySourceCatalog.KindOf(source));
        var studies = await source.SearchStudiesAsync(new StudyQuery { StudyInstanceUid = BrainStudy }).ToListAsync();
        Assert.Equal(BrainStudy, Assert.Single(studies).GetString(DicomTags.StudyInstanceUID));
    }

    [Fact]
    public async Task SaveAsync_WithPassword_RowHoldsItOnlyEncryptedAndFormShowsNone()
    {
        await Service.SaveAsync(DicomWeb("with-secret", Secret), "admin");

        var row = await RowAsync("with-secret");
        Assert.DoesNotContain(Secret, row.SettingsJson, StringComparison.Ordinal);
        Assert.NotNull(row.ProtectedSecrets);
        Assert.DoesNotContain(Secret, row.ProtectedSecrets, StringComparison.Ordinal);
        Assert.Contains(Secret, _provider!.GetRequiredService<IPacsConnectionSecretProtector>().Unprotect(row.ProtectedSecrets), StringComparison.Ordinal);
        Assert.Equal("admin", row.UpdatedBy);
        var form = await Service.GetAsync("with-secret");
        Assert.True(form.HasStoredSecret);
        Assert.Null(form.NewPassword);
        Assert.Equal("viewer", form.UserName);
    }

    [Fact]
    public async Task SaveAsync_EditWithoutTypedPassword_KeepsStoredSecretAndDescribesChange()
    {
        await Service.SaveAsync(DicomWeb("keep-secret", Secret), "admin");
        var form = await Service.GetAsync("keep-secret");
        form.TimeoutSeconds = 20;

        var detail = await Service.SaveAsync(form, "admin");

        Assert.Equal("TimeoutSeconds: 10 -> 20", detail);
        var row = await RowAsync("keep-secret");
        Assert.Contains(Secret, _provider!.GetRequiredService<IPacsConnectionSecretProtector>().Unprotect(row.ProtectedSecrets!), StringComparison.Ordinal);

        var again = await Service.GetAsync("keep-secret");
        again.NewPassword = "Another-Synthetic-2";
        Assert.Equal("credentials replaced", await Service.SaveAsync(again, "admin"));
    }

    [Fact]
    public async Task SaveAsync_SecondAdminWithStaleVersion_ThrowsConflictAndKeepsFirstChange()
    {
        await Service.SaveAsync(Dimse("shared"), "admin");
        var first = await Service.GetAsync("shared");
        var second = await Service.GetAsync("shared");
        first.Retries = 5;
        second.Retries = 7;

        await Service.SaveAsync(first, "admin");
        var conflict = await Assert.ThrowsAsync<PacsConnectionConflictException>(() => Service.SaveAsync(second, "admin2"));

        Assert.Contains("changed by someone else", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(5, (await Service.GetAsync("shared")).Retries);
        await Assert.ThrowsAsync<PacsConnectionConflictException>(() => Service.DeleteAsync("shared", second.Version));
    }

    [Theory]
    [InlineData("configured")] // a configured source's name
    [InlineData("CONFIGURED")] // names are compared case-insensitively
    [InlineData("archive")] // the built-in archive's
    public async Task SaveAsync_NameOfAnotherSource_Refused(string name)
    {
        var refused = await Assert.ThrowsAsync<PacsConnectionException>(() => Service.SaveAsync(Dimse(name), "admin"));

        Assert.Contains("already used", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["archive", "configured"], Catalog.All.Select(s => s.Id));
    }

    [Fact]
    public async Task SaveAsync_InvalidSettings_RefusedWithValidationMessage()
    {
        var badUrl = DicomWeb("bad-url");
        badUrl.Url = "ftp://pacs.example/";
        var badPort = Dimse("bad-port", port: 70000);
        var badName = Dimse("a/b c");

        var url = await Assert.ThrowsAsync<PacsConnectionException>(() => Service.SaveAsync(badUrl, "admin"));
        var port = await Assert.ThrowsAsync<PacsConnectionException>(() => Service.SaveAsync(badPort, "admin"));
        var name = await Assert.ThrowsAsync<PacsConnectionException>(() => Service.SaveAsync(badName, "admin"));

        Assert.Equal("source bad-url: Url must be an absolute http or https URL (the DICOMweb service root)", url.Message);
        Assert.Contains("Port (1 to 65535)", port.Message, StringComparison.Ordinal);
        Assert.Equal("a connection name has 1 to 64 letters, digits, '-', '_' or '.'", name.Message);
        Assert.DoesNotContain(await Service.ListAsync(), c => !c.FromConfiguration);
    }

    [Fact]
    public async Task SetEnabledAndDelete_DatabaseConnection_LeavesAndRejoinsCatalog()
    {
        await Service.SaveAsync(Dimse("toggled"), "admin");
        var version = (await Service.GetAsync("toggled")).Version;

        Assert.Equal("disabled", await Service.SetEnabledAsync("toggled", false, version, "admin"));
        Assert.False(Catalog.TryGet("toggled", out _));
        var disabled = Assert.Single(await Service.ListAsync(), c => c.Name == "toggled");
        Assert.False(disabled.Enabled);

        await Service.SetEnabledAsync("toggled", true, disabled.Version, "admin");
        Assert.True(Catalog.TryGet("toggled", out _));

        var detail = await Service.DeleteAsync("toggled", (await Service.GetAsync("toggled")).Version);
        Assert.Equal($"deleted Dimse connection {orthanc.Server.AeTitle}@127.0.0.1:{orthanc.Server.DicomPort}", detail);
        Assert.False(Catalog.TryGet("toggled", out _));
        Assert.DoesNotContain(await Service.ListAsync(), c => c.Name == "toggled");
    }

    [Fact]
    public async Task StartAsync_AfterRestart_LoadsEnabledConnectionsOnly()
    {
        await Service.SaveAsync(DicomWeb("kept", Secret), "admin");
        var off = Dimse("off");
        off.Enabled = false;
        await Service.SaveAsync(off, "admin");
        var protector = _provider!.GetRequiredService<IDataProtectionProvider>();
        await Service.StopAsync(CancellationToken.None);
        await _provider!.DisposeAsync();

        // The same keys as before (a real app keeps its Data Protection keys across restarts).
        _provider = Build(protector);
        await Service.StartAsync(CancellationToken.None);

        Assert.Equal(["archive", "configured", "kept"], Catalog.All.Select(s => s.Id));
        var studies = await Catalog.All.Last().SearchStudiesAsync(new StudyQuery { StudyInstanceUid = BrainStudy }).ToListAsync();
        Assert.Single(studies);
    }

    [Fact]
    public async Task TestAsync_DimseAndDicomWebOrthanc_SucceedWithRoundTrip()
    {
        await Service.SaveAsync(Dimse("probe-dimse"), "admin");

        var dimse = await Service.TestAsync("probe-dimse");
        var web = await Service.TestAsync("configured");

        Assert.True(dimse.Success, dimse.Message);
        Assert.Matches(@"^C-ECHO \d+ ms, C-FIND \d+ ms \(1 study with limit 1\)$", dimse.Message);
        Assert.True(web.Success, web.Message);
        Assert.Equal("QIDO-RS answered HTTP 200", web.Message);
        Assert.True(dimse.RoundTrip > TimeSpan.Zero);
        Assert.Same(dimse, (await Service.ListAsync()).Single(c => c.Name == "probe-dimse").LastTest);
    }

    [Fact]
    public async Task TestAsync_ClosedPort_ReportsConnectionRefused()
    {
        var closed = LoopbackPort.Free();
        await Service.SaveAsync(Dimse("closed-dimse", closed), "admin");
        var web = DicomWeb("closed-web");
        web.Url = $"http://127.0.0.1:{closed.ToString(CultureInfo.InvariantCulture)}/dicom-web/";

        var dimse = await Service.TestAsync("closed-dimse");
        var http = await Service.TestAsync(web);

        Assert.False(dimse.Success);
        Assert.Equal("connection refused", dimse.Message);
        Assert.False(http.Success);
        Assert.Equal("connection refused", http.Message);
    }

    [Fact]
    public async Task TestAsync_UrlWithoutDicomWeb_ReportsHttp404()
    {
        var wrongPath = DicomWeb("wrong-path");
        wrongPath.Url = new Uri(orthanc.Server.BaseAddress, "no-such-root/").ToString();

        var http = await Service.TestAsync(wrongPath);

        Assert.False(http.Success);
        Assert.Equal("QIDO-RS answered HTTP 404 (no QIDO-RS service at this URL)", http.Message);
    }
}
