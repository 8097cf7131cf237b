using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Codecs;

/// <summary>
/// The decoders known to this process, by transfer syntax. Built once (DI singleton); immutable afterwards.
/// </summary>
public sealed class CodecRegistry
{
    private readonly Dictionary<string, IFrameDecoder> _decoders = new(StringComparer.Ordinal);

    public CodecRegistry(IEnumerable<IFrameDecoder> decoders)
    {
        foreach (var decoder in decoders)
        {
            foreach (var uid in decoder.TransferSyntaxUids)
            {
                // The first registered decoder for a syntax wins, unless it is unavailable and a later one is not.
                if (!_decoders.TryGetValue(uid, out var existing) || (!existing.IsAvailable && decoder.IsAvailable))
                {
                    _decoders[uid] = decoder;
                }
            }
        }
    }

    /// <summary>Every decoder and whether it can run here, for an admin page or `pacs` diagnostics.</summary>
    public IReadOnlyCollection<IFrameDecoder> Decoders => _decoders.Values.Distinct().ToArray();

    /// <summary>True when frames of <paramref name="syntax"/> can be decoded here (native syntaxes always can).</summary>
    public bool CanDecode(DicomTransferSyntax syntax) =>
        !syntax.IsEncapsulated || (_decoders.TryGetValue(syntax.Uid, out var d) && d.IsAvailable);

    /// <summary>The decoder for an encapsulated syntax, or a <see cref="CodecUnavailableException"/> saying why not.</summary>
    public IFrameDecoder GetDecoder(DicomTransferSyntax syntax)
    {
        if (!_decoders.TryGetValue(syntax.Uid, out var decoder))
        {
            throw new CodecUnavailableException(syntax.Uid, $"no decoder for {syntax.Name} ({syntax.Uid}) in PacsViewer; ask the PACS for an uncompressed transfer syntax");
        }
        if (!decoder.IsAvailable)
        {
            throw new CodecUnavailableException(syntax.Uid, $"{syntax.Name} ({syntax.Uid}) cannot be decoded here: {decoder.UnavailableReason}");
        }
        return decoder;
    }
}
