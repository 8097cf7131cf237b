using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Tests.Core.Network.Dimse;

public sealed class MoveOriginatorRouterTests
{
    private static MoveSubOperationTarget Target(string? sender = "PACS") => new("/tmp/unused", sender, (_, _) => Task.CompletedTask);

    [Fact]
    public void Open_TwoRoutesOfOneAeTitle_GetDistinctNonZeroMessageIds()
    {
        var router = new MoveOriginatorRouter();

        using var first = router.Open("VIEWER", Target());
        using var second = router.Open("VIEWER", Target());

        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.NotEqual(0, first.MessageId);
        Assert.Equal(2, router.Count);
    }

    [Fact]
    public void Find_OriginatorSenderAndMessageIdMatch_ReturnsTheTargetUntilTheRouteIsDisposed()
    {
        var router = new MoveOriginatorRouter();
        var target = Target();
        var route = router.Open("VIEWER", target);

        var found = router.Find("VIEWER ", route.MessageId, "PACS");
        route.Dispose();
        var afterDispose = router.Find("VIEWER", route.MessageId, "PACS");

        Assert.Same(target, found);
        Assert.Null(afterDispose);
        Assert.Equal(0, router.Count);
    }

    [Theory]
    [InlineData("OTHER", 0, "PACS")]      // another originator
    [InlineData("VIEWER", 1, "PACS")]     // another message ID
    [InlineData("VIEWER", 0, "INTRUDER")] // sent by another AE title than the one asked
    [InlineData("", 0, "PACS")]           // no originator (a plain C-STORE)
    public void Find_AnythingDiffers_ReturnsNull(string originator, int idOffset, string sender)
    {
        var router = new MoveOriginatorRouter();
        using var route = router.Open("VIEWER", Target());

        Assert.Null(router.Find(originator, route.MessageId + idOffset, sender));
    }

    [Fact]
    public void Find_TargetWithoutSender_AcceptsAnyCallingAeTitle()
    {
        var router = new MoveOriginatorRouter();
        var target = Target(sender: null);
        using var route = router.Open("VIEWER", target);

        Assert.Same(target, router.Find("VIEWER", route.MessageId, "ANYONE"));
        Assert.Null(router.Find("VIEWER", null, "ANYONE"));
    }
}
