using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Tests.Web.Security;

public sealed class AuthOptionsTests
{
    [Theory]
    [InlineData(new[] { PacsRoles.Radiologist }, 30)]
    [InlineData(new[] { PacsRoles.Clinician }, 10)]
    [InlineData(new[] { PacsRoles.Radiologist, PacsRoles.Clinician }, 10)]
    [InlineData(new[] { PacsRoles.Admin }, 30)]
    public void IdleTimeoutFor_Defaults_ShortestOfTheRoles(string[] roles, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), new AuthOptions().IdleTimeoutFor(roles));

    [Fact]
    public void IdleTimeoutFor_NoRole_TheGeneralTimeout() =>
        Assert.Equal(TimeSpan.FromMinutes(30), new AuthOptions().IdleTimeoutFor([]));

    [Fact]
    public void IdleTimeoutFor_AdminConfiguredShorter_AdminsOwn()
    {
        var options = new AuthOptions { IdleTimeout = TimeSpan.FromMinutes(45) };
        options.IdleTimeoutByRole[PacsRoles.Admin] = TimeSpan.FromMinutes(5);

        Assert.Equal(
            (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(10)),
            (options.IdleTimeoutFor([PacsRoles.Admin, PacsRoles.Radiologist]), options.IdleTimeoutFor([PacsRoles.Radiologist]),
                options.IdleTimeoutFor([PacsRoles.Clinician])));
    }

    [Theory]
    [InlineData(600, 60, 60)]
    [InlineData(4, 2, 1)]
    public void WarningAndReportInterval_ShortTimeout_AtMostHalfAndQuarter(int timeoutSeconds, int warningSeconds, int reportSeconds)
    {
        var options = new AuthOptions();
        var timeout = TimeSpan.FromSeconds(timeoutSeconds);

        Assert.Equal(
            (TimeSpan.FromSeconds(warningSeconds), TimeSpan.FromSeconds(reportSeconds)),
            (options.IdleWarningFor(timeout), options.ActivityReportIntervalFor(timeout)));
    }

    [Fact]
    public void IsValid_ZeroRoleTimeout_False()
    {
        var options = new AuthOptions();
        options.IdleTimeoutByRole[PacsRoles.Clinician] = TimeSpan.Zero;

        Assert.Equal((true, false), (new AuthOptions().IsValid(), options.IsValid()));
    }
}
