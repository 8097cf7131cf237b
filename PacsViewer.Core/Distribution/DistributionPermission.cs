namespace PacsViewer.Core.Distribution;

/// <summary>
/// Which roles may use one <see cref="DistributionAction"/>, as an admin set it. An action without a row uses the
/// built-in default (Radiologist and Admin).
/// </summary>
public sealed class DistributionPermission
{
    public DistributionAction Action { get; set; }

    /// <summary>Role names (<see cref="Security.PacsRoles"/>), comma-separated; empty means nobody.</summary>
    public string AllowedRoles { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
