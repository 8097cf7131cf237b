using PacsViewer.Web.Security;

namespace PacsViewer.Tests.Web.Security;

public sealed class LocalReturnUrlTests
{
    [Theory]
    [InlineData("/worklist", "/worklist")]
    [InlineData("/viewer/archive/1.2.3?series=4", "/viewer/archive/1.2.3?series=4")]
    [InlineData("/", "/")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://attacker.example/", "/")]
    [InlineData("//attacker.example/", "/")]
    [InlineData("/\\attacker.example/", "/")]
    [InlineData("worklist", "/")]
    [InlineData("/work\nlist", "/")]
    public void Sanitize_Url_KeepsOnlyLocalPaths(string? returnUrl, string expected) =>
        Assert.Equal(expected, LocalReturnUrl.Sanitize(returnUrl));
}
