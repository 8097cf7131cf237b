namespace PacsViewer.Core.Security;

/// <summary>A user administration change refused by a rule or by the password policy; the message is for the admin.</summary>
public sealed class UserAdminException : Exception
{
    public UserAdminException()
    {
    }

    public UserAdminException(string message) : base(message)
    {
    }

    public UserAdminException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
