using PacsViewer.Core.Reporting;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Reporting;

/// <summary>Templates and phrases: admin-only changes, best-fitting templates first; on each provider.</summary>
public abstract class ReportTemplateServiceTests : AppDatabaseTestBase
{
    private static ReportContent Sections(string technique) => new("", technique, "", "", "");

    [Fact]
    public async Task FindTemplatesAsync_ModalityAndBodyPart_ExactFirstThenModalityThenGeneric()
    {
        var templates = Get<ReportTemplateService>();
        await templates.SaveTemplateAsync(0, "Generic", null, null, Sections("any"), Admin);
        await templates.SaveTemplateAsync(0, "CT any", "ct", null, Sections("CT"), Admin);
        await templates.SaveTemplateAsync(0, "CT chest", "CT", "chest", Sections("CT of the chest"), Admin);
        await templates.SaveTemplateAsync(0, "MR head", "MR", "HEAD", Sections("MR"), Admin);

        var ctChest = await templates.FindTemplatesAsync("CT", "CHEST");
        var ctAbdomen = await templates.FindTemplatesAsync("ct", "abdomen");

        Assert.Equal(["CT chest", "CT any", "Generic"], ctChest.Select(t => t.Name));
        Assert.Equal("CT of the chest", ctChest[0].Technique);
        Assert.Equal(["CT any", "Generic"], ctAbdomen.Select(t => t.Name));
    }

    [Fact]
    public async Task SaveTemplateAsync_NotAdmin_RefusedAndNothingStored()
    {
        var templates = Get<ReportTemplateService>();

        await Assert.ThrowsAsync<ReportAccessDeniedException>(() => templates.SaveTemplateAsync(0, "Mine", "CT", null, Sections("x"), Radiologist));
        await Assert.ThrowsAsync<ReportAccessDeniedException>(() => templates.SavePhraseAsync(0, "Normal", "No acute finding.", null, Clinician));

        Assert.Empty(await templates.ListTemplatesAsync());
        Assert.Empty(await templates.ListPhrasesAsync(null));
    }

    [Fact]
    public async Task TemplateAndPhraseCrud_ByAdmin_UpdatedListedAndDeleted()
    {
        var templates = Get<ReportTemplateService>();
        var id = await templates.SaveTemplateAsync(0, "CT chest", "CT", "CHEST", Sections("v1"), Admin);
        Assert.Equal(id, await templates.SaveTemplateAsync(id, "CT chest (contrast)", "CT", "CHEST", Sections("v2"), Admin));
        var normal = await templates.SavePhraseAsync(0, "Normal", "No acute finding.", null, Admin);
        await templates.SavePhraseAsync(0, "Nodule", "Solid nodule, see series.", "ct", Admin);
        await templates.SavePhraseAsync(0, "Effusion", "Small joint effusion.", "MR", Admin);

        var stored = Assert.Single(await templates.ListTemplatesAsync());
        Assert.Equal(("CT chest (contrast)", "v2"), (stored.Name, stored.Technique));
        Assert.Equal(["Nodule", "Normal"], (await templates.ListPhrasesAsync("CT")).Select(p => p.Label));
        Assert.Equal(["Effusion", "Nodule", "Normal"], (await templates.ListPhrasesAsync(null)).Select(p => p.Label));
        await Assert.ThrowsAsync<ReportNotFoundException>(() => templates.SaveTemplateAsync(id + 100, "x", null, null, Sections(""), Admin));
        await Assert.ThrowsAsync<ReportStateException>(() => templates.SaveTemplateAsync(0, " ", null, null, Sections(""), Admin));

        Assert.True(await templates.DeleteTemplateAsync(id, Admin));
        Assert.True(await templates.DeletePhraseAsync(normal, Admin));
        Assert.False(await templates.DeletePhraseAsync(normal, Admin));
        Assert.Empty(await templates.ListTemplatesAsync());
        Assert.Equal(["Effusion", "Nodule"], (await templates.ListPhrasesAsync(null)).Select(p => p.Label));
    }
}
