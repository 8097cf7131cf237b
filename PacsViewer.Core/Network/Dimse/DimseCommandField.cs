namespace PacsViewer.Core.Network.Dimse;

/// <summary>Command Field (0000,0100) values of the DIMSE-C services (PS3.7 E.1, Table E.1-1).</summary>
public static class DimseCommandField
{
    public const ushort CStoreRq = 0x0001;
    public const ushort CStoreRsp = 0x8001;
    public const ushort CGetRq = 0x0010;
    public const ushort CGetRsp = 0x8010;
    public const ushort CFindRq = 0x0020;
    public const ushort CFindRsp = 0x8020;
    public const ushort CMoveRq = 0x0021;
    public const ushort CMoveRsp = 0x8021;
    public const ushort CEchoRq = 0x0030;
    public const ushort CEchoRsp = 0x8030;
    public const ushort CCancelRq = 0x0FFF;

    /// <summary>Bit 15 set: a response (PS3.7 E.1).</summary>
    public static bool IsResponse(ushort commandField) => (commandField & 0x8000) != 0;

    public static string Name(ushort commandField) => commandField switch
    {
        CStoreRq => "C-STORE-RQ",
        CStoreRsp => "C-STORE-RSP",
        CGetRq => "C-GET-RQ",
        CGetRsp => "C-GET-RSP",
        CFindRq => "C-FIND-RQ",
        CFindRsp => "C-FIND-RSP",
        CMoveRq => "C-MOVE-RQ",
        CMoveRsp => "C-MOVE-RSP",
        CEchoRq => "C-ECHO-RQ",
        CEchoRsp => "C-ECHO-RSP",
        CCancelRq => "C-CANCEL-RQ",
        _ => $"command 0x{commandField:X4}",
    };
}
