using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Caching;

namespace PacsViewer.Tests.Web.Extensions;

public sealed class ServiceCollectionExtensionsTests(PacsViewerWebApplicationFactory factory)
    : IClassFixture<PacsViewerWebApplicationFactory>
{
    [Fact]
    public void AddPacsViewerWeb_AppSettings_RegistersCoreServicesWithCacheSection()
    {
        var services = factory.Services;

        Assert.NotNull(services.GetRequiredService<FrameReader>());
        Assert.NotNull(services.GetRequiredService<RenderLimiter>());
        Assert.Equal(536870912, services.GetRequiredService<DecodedFrameCache>().BudgetBytes);
    }
}
