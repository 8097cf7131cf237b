namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// The User Information item (PS3.8 9.3.2.3, item type 50H) and its sub-items: Maximum Length (51H, PS3.8 D.1),
/// Implementation Class UID (52H) and Version Name (55H) (PS3.7 D.3.3.2), Asynchronous Operations Window (53H,
/// PS3.7 D.3.3.3), SCP/SCU Role Selection (54H, PS3.7 D.3.3.4), User Identity (58H request, 59H response,
/// PS3.7 D.3.3.7). Unknown sub-items are skipped after their length is checked.
/// </summary>
public sealed record UserInformation
{
    /// <summary>The largest P-DATA-TF variable field the sender of this item can receive; 0 means no limit (PS3.8 D.1).</summary>
    public uint MaxPduLength { get; init; } = 16384;

    public string ImplementationClassUid { get; init; } = Dicom.IO.DicomImplementation.ClassUid;

    public string? ImplementationVersionName { get; init; } = Dicom.IO.DicomImplementation.VersionName;

    /// <summary>Maximum operations invoked / performed (PS3.7 D.3.3.3); null when the item is absent.</summary>
    public (ushort Invoked, ushort Performed)? AsynchronousOperationsWindow { get; init; }

    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = [];

    /// <summary>Request only (58H).</summary>
    public UserIdentity? UserIdentity { get; init; }

    /// <summary>Accept only (59H): the server response, empty when the item is present without content.</summary>
    public ReadOnlyMemory<byte>? UserIdentityServerResponse { get; init; }
}
