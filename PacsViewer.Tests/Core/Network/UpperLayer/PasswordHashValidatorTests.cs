using System.Text;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.UpperLayer;

/// <summary>Hashed receiver accounts (<see cref="PasswordHash"/>, <see cref="PasswordHashValidator"/>, <see cref="ReceiverUser"/>).</summary>
public sealed class PasswordHashValidatorTests
{
    private static readonly AssociationRequest Request = ScriptedService.EchoRequest();

    [Fact]
    public void Verify_RightAndWrongPassword_MatchesOnlyTheRightOne()
    {
        var hash = PasswordHash.Create("s3cret-\u00e9", iterations: 1000);

        Assert.StartsWith("pbkdf2-sha256$1000$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHash.Verify(hash, Encoding.UTF8.GetBytes("s3cret-\u00e9")));
        Assert.False(PasswordHash.Verify(hash, Encoding.UTF8.GetBytes("s3cret-e")));
        Assert.NotEqual(hash, PasswordHash.Create("s3cret-\u00e9", iterations: 1000)); // salted
    }

    [Theory]
    [InlineData("")]
    [InlineData("s3cret")]
    [InlineData("pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAA")]
    [InlineData("md5$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void IsWellFormed_NotAHash_FalseAndNeverVerifies(string encoded)
    {
        Assert.False(PasswordHash.IsWellFormed(encoded));
        Assert.False(PasswordHash.Verify(encoded, Encoding.UTF8.GetBytes("s3cret")));
    }

    [Fact]
    public void Validate_ConfiguredHashedAccount_AcceptsItsPasswordOnly()
    {
        var validator = ReceiverUser.CreateValidator(
            [new ReceiverUser { Username = "modality", PasswordHash = PasswordHash.Create("pw-1", iterations: 1000) }], allowClearPasswords: false)!;

        Assert.Equal(UserIdentityValidation.Accepted, validator.Validate(UserIdentity.FromUsernamePassword("modality", "pw-1"), Request));
        Assert.Equal(UserIdentityValidation.Refused, validator.Validate(UserIdentity.FromUsernamePassword("modality", "pw-2"), Request));
        Assert.Equal(UserIdentityValidation.Refused, validator.Validate(UserIdentity.FromUsernamePassword("other", "pw-1"), Request));
        Assert.Equal(UserIdentityValidation.Refused, validator.Validate(null, Request));
        Assert.Equal(UserIdentityValidation.Refused,
            validator.Validate(new UserIdentity(UserIdentity.Username, false, Encoding.UTF8.GetBytes("modality"), default), Request));
    }

    [Fact]
    public void CreateValidator_ClearPassword_AcceptedInDevelopmentOnly()
    {
        ReceiverUser[] users = [new ReceiverUser { Username = "dev", Password = "dev-pw" }];

        var e = Assert.Throws<InvalidOperationException>(() => ReceiverUser.CreateValidator(users, allowClearPasswords: false));
        var validator = ReceiverUser.CreateValidator(users, allowClearPasswords: true)!;

        Assert.Contains("'dev' has a clear Password, allowed in Development only", e.Message, StringComparison.Ordinal);
        Assert.Equal(UserIdentityValidation.Accepted, validator.Validate(UserIdentity.FromUsernamePassword("dev", "dev-pw"), Request));
        Assert.Null(ReceiverUser.CreateValidator([], allowClearPasswords: false));
    }

    [Fact]
    public void CreateValidator_MalformedHash_ThrowsNamingTheAccount()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            ReceiverUser.CreateValidator([new ReceiverUser { Username = "modality", PasswordHash = "plain-text" }], allowClearPasswords: true));

        Assert.Contains("PasswordHash of 'modality' is not a pbkdf2-sha256 hash", e.Message, StringComparison.Ordinal);
    }
}
