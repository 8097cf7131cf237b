using PacsViewer.Core.Archive;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Tests.Core.Viewing;

/// <summary>The catalog's run-time changes: registered sources fixed, run-time ones added, replaced and removed with a change event.</summary>
public sealed class StudySourceCatalogTests
{
    private static DimseStudySource Source(string id, string host = "127.0.0.1") =>
        new(id, new DicomPeer(host, 104, "PEER"), new DicomClient(), Path.Combine(Path.GetTempPath(), "pacsviewer-catalog-test"));

    [Fact]
    public void Set_NewThenSameId_AddsThenReplacesKeepingOrderAndRaisesChanged()
    {
        var catalog = new StudySourceCatalog([Source("configured")]);
        var changes = new List<string>();
        catalog.Changed += (_, id) => changes.Add(id);
        var replacement = Source("added", "10.0.0.2");

        catalog.Set(Source("added"));
        catalog.Set(Source("other"));
        catalog.Set(replacement);

        Assert.Equal(["configured", "added", "other"], catalog.All.Select(s => s.Id));
        Assert.True(catalog.TryGet("added", out var found));
        Assert.Same(replacement, found);
        Assert.Equal(["added", "other", "added"], changes);
    }

    [Fact]
    public void Set_IdOfRegisteredSource_ThrowsAndKeepsIt()
    {
        var configured = Source("configured");
        var catalog = new StudySourceCatalog([configured]);

        var refused = Assert.Throws<InvalidOperationException>(() => catalog.Set(Source("Configured")));

        Assert.Contains("comes from the configuration", refused.Message, StringComparison.Ordinal);
        Assert.True(catalog.TryGet("configured", out var kept));
        Assert.Same(configured, kept);
        Assert.Single(catalog.All);
    }

    [Fact]
    public void Remove_RunTimeAndRegisteredSources_RemovesOnlyTheRunTimeOne()
    {
        var catalog = new StudySourceCatalog([Source("configured")]);
        catalog.Set(Source("added"));
        var snapshot = catalog.All;

        Assert.True(catalog.Remove("added"));
        Assert.False(catalog.Remove("added"));
        Assert.False(catalog.Remove("configured"));

        Assert.Equal(["configured"], catalog.All.Select(s => s.Id));
        Assert.Equal(["configured", "added"], snapshot.Select(s => s.Id)); // a reader's earlier snapshot is unchanged
        Assert.True(catalog.IsConfigured("CONFIGURED"));
        Assert.False(catalog.IsConfigured("added"));
    }
}
