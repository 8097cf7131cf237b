using PacsViewer.Core.Codecs;

namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// Where the stored value sits in a sample container (PS3.5 8.1.1): Bits Stored bits ending at High Bit, in a
/// Bits Allocated container. Bits above High Bit and below the stored bits are not part of the value (files such
/// as 12-bit MR with overlay or junk bits set there exist), so every read masks, and signed values
/// (Pixel Representation 1) are sign-extended from High Bit.
/// </summary>
public readonly record struct StoredValueLayout
{
    public StoredValueLayout(int bitsAllocated, int bitsStored, int highBit, bool isSigned)
    {
        if (bitsAllocated is not (8 or 16 or 32) || bitsStored < 1 || bitsStored > bitsAllocated
            || highBit < bitsStored - 1 || highBit >= bitsAllocated)
        {
            throw new PixelDataException($"grayscale rendering needs Bits Allocated 8, 16 or 32 with Bits Stored {bitsStored} / High Bit {highBit} inside it (Bits Allocated {bitsAllocated})");
        }
        BitsAllocated = bitsAllocated;
        BitsStored = bitsStored;
        HighBit = highBit;
        IsSigned = isSigned;
    }

    public int BitsAllocated { get; }

    public int BitsStored { get; }

    public int HighBit { get; }

    public bool IsSigned { get; }

    /// <summary>Right shift that brings the lowest stored bit to bit 0.</summary>
    public int Shift => HighBit + 1 - BitsStored;

    /// <summary>Mask of the stored bits after <see cref="Shift"/>.</summary>
    public uint Mask => BitsStored == 32 ? uint.MaxValue : (1u << BitsStored) - 1;

    public int BytesPerSample => BitsAllocated / 8;

    /// <summary>
    /// True when a table indexed by the masked stored bits is at most 65,536 entries (Bits Stored up to 16).
    /// </summary>
    public bool IsTableIndexed => BitsStored <= 16;

    /// <summary>The smallest stored value these bits can hold.</summary>
    public long MinStored => IsSigned ? -(1L << (BitsStored - 1)) : 0;

    /// <summary>The largest stored value these bits can hold.</summary>
    public long MaxStored => IsSigned ? (1L << (BitsStored - 1)) - 1 : (1L << BitsStored) - 1;

    public static StoredValueLayout FromFrameInfo(FrameInfo info) =>
        new(info.BitsAllocated, info.BitsStored, info.HighBit, info.IsSigned);

    /// <summary>The stored bits of a container value, unsigned (the composed table's index).</summary>
    public uint Index(uint container) => (container >> Shift) & Mask;

    /// <summary>The stored value of a table index: sign-extended from its top bit when signed (PS3.5 8.1.1).</summary>
    public long StoredValueOfIndex(uint index)
    {
        if (!IsSigned)
        {
            return index;
        }
        var unused = 64 - BitsStored;
        return (long)((ulong)index << unused) >> unused;
    }

    /// <summary>The stored value of a container value.</summary>
    public long StoredValue(uint container) => StoredValueOfIndex(Index(container));
}
