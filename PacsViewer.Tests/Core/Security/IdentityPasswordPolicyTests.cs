using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Security;

/// <summary>The password policy bound from <c>Auth:Password:*</c> onto Identity's options, and its wording.</summary>
public sealed class IdentityPasswordPolicyTests : AppDatabaseTestBase
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Auth:Password:RequiredLength", "15"),
        new("Auth:Password:RequireNonAlphanumeric", "false"),
    ];

    [Fact]
    public void Describe_DefaultPolicy_NamesLengthAndEachClass()
    {
        Assert.Equal("At least 12 characters, with a digit, an upper case letter, a lower case letter and a symbol.",
            IdentityPasswordPolicy.Describe(new PasswordOptions { RequiredLength = 12 }));
        Assert.Equal("At least 8 characters.",
            IdentityPasswordPolicy.Describe(new PasswordOptions { RequiredLength = 8, RequireDigit = false, RequireLowercase = false, RequireUppercase = false, RequireNonAlphanumeric = false }));
    }

    [Fact]
    public void IdentityOptions_AuthPasswordSettings_BoundOntoPasswordOptions()
    {
        var policy = Get<IOptions<IdentityOptions>>().Value.Password;

        Assert.Equal((15, false, true, true, true), (policy.RequiredLength, policy.RequireNonAlphanumeric, policy.RequireDigit, policy.RequireUppercase, policy.RequireLowercase));
    }

    [Fact]
    public async Task CreateAsync_ConfiguredLength_FourteenCharactersRefusedLongOneWithoutSymbolAccepted()
    {
        var admin = Get<UserAdminService>();

        var error = await Assert.ThrowsAsync<UserAdminException>(() => admin.CreateAsync(new UserAdminNewUser("u1", "", [PacsRoles.Clinician], "Fourteen-Char1")));
        await admin.CreateAsync(new UserAdminNewUser("u2", "", [PacsRoles.Clinician], "LongPasswordWithoutSymbol1"));

        Assert.Contains("at least 15", error.Message, StringComparison.Ordinal);
        Assert.Contains(await admin.ListAsync(), u => u.UserName == "u2");
    }
}
