using PacsViewer.Core.Viewing;

namespace PacsViewer.Tests.Core.Viewing;

public sealed class WindowPresetsTests
{
    [Fact]
    public void For_Ct_TheSixCtPresetsWhateverTheFileSays()
    {
        var presets = WindowPresets.For("CT", [new InstanceWindow(1, 2, "X")]);

        Assert.Equal(["Soft tissue", "Lung", "Bone", "Brain", "Liver", "Mediastinum"], presets.Select(p => p.Name));
        Assert.Equal(new WindowPreset("Lung", -600, 1500), presets[1]);
    }

    [Fact]
    public void For_OtherModality_DistinctFileWindowsNamedByExplanationOrNumber()
    {
        var presets = WindowPresets.For("MR", [new InstanceWindow(300, 600, "T2"), new InstanceWindow(300, 600, "again"), new InstanceWindow(100, 50, null)]);

        Assert.Equal([new WindowPreset("T2", 300, 600), new WindowPreset("Window 2", 100, 50)], presets);
    }

    [Fact]
    public void For_OtherModalityWithoutWindows_Empty()
    {
        Assert.Empty(WindowPresets.For("US", []));
    }
}
