using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Data;
using PacsViewer.Web.Components.Pages.Admin;

namespace PacsViewer.Tests.Web.Components.Pages.Admin;

/// <summary>Template and phrase administration over the real <see cref="ReportTemplateService"/> on a SQLite app database.</summary>
public sealed class TemplatesPageTests : AppDatabaseTestBase
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private BunitContext NewContext(string userName = "admin", string role = PacsRoles.Admin)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(Get<ReportTemplateService>());
        ctx.AddAuthorization().SetAuthorized(userName).SetRoles(role);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static Task TypeAsync(IRenderedComponent<TemplatesPage> cut, string testId, string value) =>
        cut.Find($"[data-testid={testId}] input, [data-testid={testId}] textarea, input[data-testid={testId}], textarea[data-testid={testId}]")
            .InputAsync(new() { Value = value });

    private Task<IReadOnlyList<ReportTemplate>> StoredTemplatesAsync() => Get<ReportTemplateService>().ListTemplatesAsync();

    [Fact]
    public async Task SaveTemplate_NewWithFiveSections_StoredNormalisedAndListed()
    {
        await using var ctx = NewContext();
        var cut = ctx.Render<TemplatesPage>();
        cut.WaitForElement("[data-testid=templates-empty]");

        await cut.Find("[data-testid=template-new]").ClickAsync(new());
        await TypeAsync(cut, "template-name", "CT chest routine");
        await TypeAsync(cut, "template-modality", "ct");
        await TypeAsync(cut, "template-body-part", "chest");
        await TypeAsync(cut, "template-clinical-information", "Synthetic indication.");
        await TypeAsync(cut, "template-technique", "Axial CT of the chest.");
        await TypeAsync(cut, "template-comparison", "None.");
        await TypeAsync(cut, "template-findings", "Lungs clear.");
        await TypeAsync(cut, "template-impression", "No acute finding.");
        await cut.Find("[data-testid=template-editor] form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=template-row]")), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[data-testid=template-editor]"));
        var stored = Assert.Single(await StoredTemplatesAsync());
        Assert.Equal(("CT chest routine", "CT", "CHEST"), (stored.Name, stored.Modality, stored.BodyPart));
        Assert.Equal(new ReportContent("Synthetic indication.", "Axial CT of the chest.", "None.", "Lungs clear.", "No acute finding."), stored.Content);
        Assert.Equal("CT chest routine", cut.Find("[data-testid=template-row-name]").TextContent);
    }

    [Fact]
    public async Task SaveTemplate_NoNameAndBadModality_ShowsMessagesAndStoresNothing()
    {
        await using var ctx = NewContext();
        var cut = ctx.Render<TemplatesPage>();
        cut.WaitForElement("[data-testid=templates-empty]");

        await cut.Find("[data-testid=template-new]").ClickAsync(new());
        await TypeAsync(cut, "template-modality", "C T!");
        await cut.Find("[data-testid=template-editor] form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("Give the template a name", cut.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("A modality is letters and digits, e.g. CT or MR", cut.Markup, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=template-editor]"));
        Assert.Empty(await StoredTemplatesAsync());
    }

    [Fact]
    public async Task EditThenDelete_ExistingTemplate_ChangesThenRemovesIt()
    {
        var id = await Get<ReportTemplateService>().SaveTemplateAsync(0, "MR knee", "MR", "KNEE", new ReportContent("", "", "", "Old findings.", ""), Admin);
        await using var ctx = NewContext();
        var cut = ctx.Render<TemplatesPage>();
        cut.WaitForElement("[data-testid=template-row]");

        await cut.Find("[data-testid=template-edit]").ClickAsync(new());
        Assert.Equal("MR knee", cut.Find("[data-testid=template-name] input, input[data-testid=template-name]").GetAttribute("value"));
        await TypeAsync(cut, "template-findings", "New findings.");
        await cut.Find("[data-testid=template-editor] form").SubmitAsync();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=template-editor]")), TimeSpan.FromSeconds(30));
        var edited = Assert.Single(await StoredTemplatesAsync());
        Assert.Equal((id, "New findings."), (edited.Id, edited.Findings));

        await cut.Find("[data-testid=template-delete]").ClickAsync(new());
        Assert.Single(await StoredTemplatesAsync());
        await cut.Find("[data-testid=template-delete-confirm]").ClickAsync(new());

        cut.WaitForElement("[data-testid=templates-empty]");
        Assert.Empty(await StoredTemplatesAsync());
    }

    [Fact]
    public async Task SavePhrase_NewThenDelete_StoredThenGone()
    {
        await using var ctx = NewContext();
        var cut = ctx.Render<TemplatesPage>();
        cut.WaitForElement("[data-testid=phrases-empty]");

        await cut.Find("[data-testid=phrase-new]").ClickAsync(new());
        await TypeAsync(cut, "phrase-label", "Normal lungs");
        await TypeAsync(cut, "phrase-modality", "CT");
        await TypeAsync(cut, "phrase-text", "The lungs are clear.");
        await cut.Find("[data-testid=phrase-editor] form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=phrase-row]")), TimeSpan.FromSeconds(30));
        var phrase = Assert.Single(await Get<ReportTemplateService>().ListPhrasesAsync(null));
        Assert.Equal(("Normal lungs", "The lungs are clear.", "CT"), (phrase.Label, phrase.Text, phrase.Modality));

        await cut.Find("[data-testid=phrase-delete]").ClickAsync(new());
        await cut.Find("[data-testid=phrase-delete-confirm]").ClickAsync(new());
        cut.WaitForElement("[data-testid=phrases-empty]");
        Assert.Empty(await Get<ReportTemplateService>().ListPhrasesAsync(null));
    }

    [Fact]
    public async Task SavePhrase_NoText_ShowsMessage()
    {
        await using var ctx = NewContext();
        var cut = ctx.Render<TemplatesPage>();
        cut.WaitForElement("[data-testid=phrases-empty]");

        await cut.Find("[data-testid=phrase-new]").ClickAsync(new());
        await TypeAsync(cut, "phrase-label", "Empty");
        await cut.Find("[data-testid=phrase-editor] form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("Give the phrase its text", cut.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Empty(await Get<ReportTemplateService>().ListPhrasesAsync(null));
    }

    [Fact]
    public async Task SaveTemplate_NonAdminPrincipal_ServiceRefusalShownAndNothingStored()
    {
        // The page is Admin-only by its [Authorize] attribute; the service checks the role again on every change.
        await using var ctx = NewContext("clinician", PacsRoles.Clinician);
        var cut = ctx.Render<TemplatesPage>();
        cut.WaitForElement("[data-testid=templates-empty]");

        await cut.Find("[data-testid=template-new]").ClickAsync(new());
        await TypeAsync(cut, "template-name", "Not allowed");
        await cut.Find("[data-testid=template-editor] form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Equal("Only an administrator manages report templates and phrases",
            cut.Find("[data-testid=admin-error]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Empty(await StoredTemplatesAsync());
    }
}
