namespace PacsViewer.Core.Network.Dimse;

/// <summary>A DIMSE status code (0000,0900) and its category (PS3.7 Annex C).</summary>
public readonly record struct DimseStatus(ushort Code)
{
    public static readonly DimseStatus Success = new(0x0000);
    public static readonly DimseStatus Pending = new(0xFF00);
    public static readonly DimseStatus PendingWithWarnings = new(0xFF01);
    public static readonly DimseStatus Cancel = new(0xFE00);
    /// <summary>PS3.4 B.2.3 / C.4.2.1.5: sub-operations complete, one or more failures or warnings.</summary>
    public static readonly DimseStatus SubOperationsWarning = new(0xB000);
    public static readonly DimseStatus OutOfResources = new(0xA700);
    public static readonly DimseStatus DataSetDoesNotMatchSopClass = new(0xA900);
    public static readonly DimseStatus CannotUnderstand = new(0xC000);
    public static readonly DimseStatus ProcessingFailure = new(0x0110);
    public static readonly DimseStatus NoSuchSopClass = new(0x0118);
    public static readonly DimseStatus SopClassNotSupported = new(0x0122);
    public static readonly DimseStatus UnrecognizedOperation = new(0x0211);
    /// <summary>PS3.7 9.1.1.1.9 and C.5.x: Refused: Not Authorized, the operation was not allowed on this association.</summary>
    public static readonly DimseStatus NotAuthorized = new(0x0124);
    public static readonly DimseStatus MoveDestinationUnknown = new(0xA801);

    /// <summary>PS3.7 C.1-C.5: 0000 success; FF00/FF01 pending; FE00 cancel; 0001, 0107, 0116 and Bxxx warning; else failure.</summary>
    public DimseStatusCategory Category => Code switch
    {
        0x0000 => DimseStatusCategory.Success,
        0xFF00 or 0xFF01 => DimseStatusCategory.Pending,
        0xFE00 => DimseStatusCategory.Cancel,
        0x0001 or 0x0107 or 0x0116 or (>= 0xB000 and <= 0xBFFF) => DimseStatusCategory.Warning,
        _ => DimseStatusCategory.Failure,
    };

    public bool IsSuccess => Category == DimseStatusCategory.Success;

    public bool IsPending => Category == DimseStatusCategory.Pending;

    public bool IsFailure => Category == DimseStatusCategory.Failure;

    public override string ToString() => $"0x{Code:X4} ({Category})";
}
