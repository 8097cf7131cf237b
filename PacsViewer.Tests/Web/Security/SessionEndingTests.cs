using PacsViewer.Core.Audit;
using PacsViewer.Web.Security;

namespace PacsViewer.Tests.Web.Security;

public sealed class SessionEndingTests
{
    [Fact]
    public void Describe_Durations_LargestWholeUnit() =>
        Assert.Equal(
            ("10 minutes", "12 hours", "1 hour", "45 seconds", "90 seconds"),
            (SessionEnding.Describe(TimeSpan.FromMinutes(10)), SessionEnding.Describe(TimeSpan.FromHours(12)),
                SessionEnding.Describe(TimeSpan.FromHours(1)), SessionEnding.Describe(TimeSpan.FromSeconds(45)),
                SessionEnding.Describe(TimeSpan.FromSeconds(90))));

    [Fact]
    public void AuditEntry_Idle_SessionEndedWithTheTimeoutAndNoUserData()
    {
        var entry = SessionEnding.AuditEntry(SessionEndReason.Idle, "abc", TimeSpan.FromMinutes(10));

        Assert.Equal(
            (AuditActions.SessionEnded, "Session", "abc", "idle: no activity for 10 minutes", (string?)null),
            (entry.Action, entry.ObjectType, entry.ObjectId, entry.Detail, entry.UserName));
    }

    [Fact]
    public void Message_Idle_SaysAfterHowLong() =>
        Assert.Equal("You were signed out after 10 minutes of inactivity.", SessionEnding.Message(SessionEndReason.Idle, TimeSpan.FromMinutes(10)));
}
