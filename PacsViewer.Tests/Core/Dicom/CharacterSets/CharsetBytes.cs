namespace PacsViewer.Tests.Core.Dicom.CharacterSets;

/// <summary>Test helper: "1B 24 42" to bytes.</summary>
internal static class CharsetBytes
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string ToHex(byte[] bytes) => Convert.ToHexString(bytes);
}
