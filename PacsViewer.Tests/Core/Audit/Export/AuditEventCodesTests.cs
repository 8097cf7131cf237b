using PacsViewer.Core.Audit;
using PacsViewer.Core.Audit.Export;

namespace PacsViewer.Tests.Core.Audit.Export;

public sealed class AuditEventCodesTests
{
    [Theory]
    [InlineData(AuditActions.StudySent, "110104", 'R')]
    [InlineData(AuditActions.StudyExported, "110106", 'R')]
    [InlineData(AuditActions.ObjectsUploaded, "110107", 'C')]
    [InlineData(AuditActions.StudyDeleted, "110105", 'D')]
    [InlineData(AuditActions.StudyOpened, "110103", 'R')]
    public void For_DistributionActions_MapToTheirPs315Events(string action, string eventId, char actionCode)
    {
        var kind = AuditEventCodes.For(new AuditEvent { Action = action });

        Assert.Equal((eventId, actionCode), (kind.EventId.Code, kind.ActionCode));
    }

    [Fact]
    public void For_EveryAuditedAction_HasAnEventOtherThanApplicationActivity()
    {
        var unmapped = AuditActions.All.Where(a => AuditEventCodes.For(new AuditEvent { Action = a }).EventId == AuditEventCodes.ApplicationActivity);

        Assert.Empty(unmapped);
    }
}
