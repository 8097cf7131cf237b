namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>P-DATA-TF (PS3.8 9.3.5): one or more presentation data values.</summary>
public sealed record PDataTransferPdu(IReadOnlyList<PresentationDataValue> Values) : Pdu
{
    private byte[]? _pooledBody;

    public override PduType Type => PduType.DataTransfer;

    /// <summary>A received PDU whose values are slices of <paramref name="pooledBody"/>, rented from the shared array pool.</summary>
    internal PDataTransferPdu(IReadOnlyList<PresentationDataValue> values, byte[] pooledBody)
        : this(values)
    {
        _pooledBody = pooledBody;
    }

    /// <summary>
    /// Gives the body back to the array pool. Only for a consumer that is done with every value's data (copied or
    /// written out); a PDU never released is simply collected.
    /// </summary>
    internal void ReleaseBody()
    {
        if (Interlocked.Exchange(ref _pooledBody, null) is { } body)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(body);
        }
    }
}
