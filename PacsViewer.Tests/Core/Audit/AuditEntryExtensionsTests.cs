using System.Security.Claims;
using PacsViewer.Core.Audit;

namespace PacsViewer.Tests.Core.Audit;

public sealed class AuditEntryExtensionsTests
{
    [Fact]
    public void By_SignedInUserWithRoles_SetsNameAndSortedRoles()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, "Radiologist"), new Claim(ClaimTypes.Role, "Admin")], "test"));

        var entry = new AuditEntry(AuditActions.Login).By(user);

        Assert.Equal(("admin", "Admin,Radiologist"), (entry.UserName, entry.UserRoles));
    }

    [Fact]
    public void By_AnonymousUser_LeavesEntryWithoutUser()
    {
        var entry = new AuditEntry(AuditActions.LoginFailed) { UserName = "typed-name" }.By(new ClaimsPrincipal(new ClaimsIdentity()));

        Assert.Equal(("typed-name", null), (entry.UserName, entry.UserRoles));
    }
}
