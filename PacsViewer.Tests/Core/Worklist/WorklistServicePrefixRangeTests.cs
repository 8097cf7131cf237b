using PacsViewer.Core.Worklist;

namespace PacsViewer.Tests.Core.Worklist;

/// <summary>The index range that <see cref="WorklistService"/> adds to a prefix wild card search.</summary>
public sealed class WorklistServicePrefixRangeTests
{
    [Theory]
    [InlineData("DOE*", "DOE", "DOF")]
    [InlineData("DOE^J?NE", "DOE^J", "DOE^K")]
    [InlineData("MÜ*", "MÜ", "MÝ")]
    [InlineData("A9*", "A9", "A:")]
    public void PrefixRange_LiteralPrefix_FromPrefixToItsSuccessor(string key, string low, string high) =>
        Assert.Equal((low, high), WorklistService.PrefixRange(key));

    [Theory]
    [InlineData("*DOE")]
    [InlineData("?OE")]
    [InlineData("\uD7FF*")]
    public void PrefixRange_NoPrefixOrLastCharacterAtTheSurrogates_None(string key) =>
        Assert.Null(WorklistService.PrefixRange(key));
}
