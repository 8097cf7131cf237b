using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PacsViewer.Core;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Caching;
using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Tests.Core;

public sealed class ServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddPacsViewerCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

    [Fact]
    public async Task AddPacsViewerCore_EmptyConfiguration_ResolvesSingletonsWithDefaults()
    {
        await using var provider = Build([]);

        Assert.Same(provider.GetRequiredService<FrameReader>(), provider.GetRequiredService<FrameReader>());
        Assert.NotEmpty(provider.GetRequiredService<CodecRegistry>().Decoders);
        Assert.NotNull(provider.GetRequiredService<GrayscaleRenderer>());
        Assert.Equal(CacheOptions.DefaultMemoryBytes, provider.GetRequiredService<DecodedFrameCache>().BudgetBytes);
        Assert.Equal(Environment.ProcessorCount, provider.GetRequiredService<RenderLimiter>().MaxConcurrency);
    }

    [Fact]
    public async Task AddPacsViewerCore_CacheSection_BindsOptions()
    {
        await using var provider = Build(new() { ["Cache:MemoryBytes"] = "1000", ["Cache:MaxConcurrentRenders"] = "3" });

        Assert.Equal(1000, provider.GetRequiredService<DecodedFrameCache>().BudgetBytes);
        Assert.Equal(3, provider.GetRequiredService<RenderLimiter>().MaxConcurrency);
    }

    [Fact]
    public async Task AddPacsViewerCore_ZeroConcurrentRenders_FailsValidation()
    {
        await using var provider = Build(new() { ["Cache:MaxConcurrentRenders"] = "0" });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<RenderLimiter>());
    }

    [Fact]
    public async Task AddPacsViewerCore_CodecRegistryRegisteredBefore_KeepsIt()
    {
        var mine = new CodecRegistry([]);
        var services = new ServiceCollection().AddSingleton(mine);
        services.AddPacsViewerCore(new ConfigurationBuilder().Build());
        await using var provider = services.BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<CodecRegistry>());
    }

    [Fact]
    public async Task AddPacsViewerCore_ArchiveSettings_RegistersLocalArchiveAsStudySource()
    {
        var folder = Directory.CreateTempSubdirectory("pacs-di-").FullName;
        try
        {
            await using var provider = Build(new()
            {
                ["Archive:Path"] = Path.Combine(folder, "archive"),
                ["ConnectionStrings:PacsViewer"] = $"Data Source={Path.Combine(folder, "index.db")}",
            });

            var source = Assert.Single(provider.GetServices<PacsViewer.Core.Archive.IStudySource>());
            var archive = provider.GetRequiredService<PacsViewer.Core.Archive.Local.LocalArchive>();
            Assert.Same(archive, source);
            Assert.Equal("archive", source.Id);
            Assert.Equal(Path.Combine(folder, "archive"), archive.RootPath);
            Assert.Equal(PacsViewer.Core.Data.DatabaseProvider.Sqlite, provider.GetRequiredService<PacsViewer.Core.Archive.Local.Index.ArchiveDatabase>().Provider);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AddPacsViewerCore_PostgresWithoutConnectionString_FailsValidation()
    {
        await using var provider = Build(new() { ["Database:Provider"] = "Postgres" });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PacsViewer.Core.Archive.Local.LocalArchive>());
        Assert.Contains("ConnectionStrings:PacsViewer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPacsViewerCore_CacheDiskSettings_BindsRetrievalCache()
    {
        using var directory = new TempDirectory();
        var path = directory.File("cache");
        await using var provider = Build(new() { ["Cache:DiskBytes"] = "123456", ["Cache:Path"] = path });

        var cache = provider.GetRequiredService<RetrievalCache>();

        Assert.Same(cache, provider.GetRequiredService<RetrievalCache>());
        Assert.Equal(123456, cache.BudgetBytes);
        Assert.Equal(path, cache.DirectoryPath);
        Assert.True(Directory.Exists(path));
        Assert.NotNull(provider.GetRequiredService<FrameService>());
    }

    [Fact]
    public async Task AddPacsViewerCore_NegativeDiskBytes_FailsValidation()
    {
        await using var provider = Build(new() { ["Cache:DiskBytes"] = "-1" });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<RetrievalCache>());
    }
}
