namespace PacsViewer.Core.Imaging.Color;

/// <summary>
/// Fixed-point tables for YBR_FULL to RGB: the inverse of the PS3.3 C.7.6.3.1.2 equations
/// (Y = .2990R + .5870G + .1140B, CB = -.1687R - .3313G + .5000B + 128, CR = .5000R - .4187G - .0813B + 128),
/// which is the JFIF / ITU-R BT.601 full-range transform:
/// <code>
/// R = Y + 1.402 (CR - 128)
/// G = Y - (0.114 x 1.772 / 0.587) (CB - 128) - (0.299 x 1.402 / 0.587) (CR - 128)
/// B = Y + 1.772 (CB - 128)
/// </code>
/// Each chroma contribution is precomputed for all 256 values, scaled by 2^16, so a pixel costs adds, a shift and a clamp.
/// </summary>
internal static class YbrFullTables
{
    public const int Shift = 16;

    /// <summary>Half of 2^Shift plus Y's contribution offset: rounds to nearest.</summary>
    public const int Round = 1 << (Shift - 1);

    public static readonly int[] CrToR = Build(1.402);

    public static readonly int[] CbToG = Build(-0.114 * 1.772 / 0.587);

    public static readonly int[] CrToG = Build(-0.299 * 1.402 / 0.587);

    public static readonly int[] CbToB = Build(1.772);

    private static int[] Build(double coefficient)
    {
        var table = new int[256];
        for (var c = 0; c < 256; c++)
        {
            table[c] = (int)Math.Round(coefficient * (c - 128) * (1 << Shift));
        }
        return table;
    }

    /// <summary>One pixel: Y, CB, CR to R, G, B, rounded to nearest and clamped to 0-255.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void ToRgb(int y, int cb, int cr, Span<byte> rgb)
    {
        var yy = (y << Shift) + Round;
        rgb[0] = Clamp((yy + CrToR[cr]) >> Shift);
        rgb[1] = Clamp((yy + CbToG[cb] + CrToG[cr]) >> Shift);
        rgb[2] = Clamp((yy + CbToB[cb]) >> Shift);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int v) => (byte)(v < 0 ? 0 : v > 255 ? 255 : v);
}
