namespace PacsViewer.Core.Audit;

/// <summary>The lengths of <see cref="AuditEvent"/>'s text columns.</summary>
public static class AuditColumns
{
    public const int ActionLength = 64;

    public const int ShortLength = 64;

    public const int NameLength = 256;

    /// <summary>IPv6 with zone id fits.</summary>
    public const int AddressLength = 64;

    public const int DetailLength = 1024;
}
