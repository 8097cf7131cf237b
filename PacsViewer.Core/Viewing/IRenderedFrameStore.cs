namespace PacsViewer.Core.Viewing;

/// <summary>
/// A second-level store of rendered frames shared by several app servers (Redis through <c>IDistributedCache</c> in the
/// web app when <c>Redis:Configuration</c> is set; none otherwise). Keys are opaque hashes of the source, the SOP
/// Instance UID and the render key (<see cref="ViewerFrameService.SharedKey"/>). A store that cannot be reached answers
/// a miss and drops writes: rendering never fails because of it.
/// </summary>
public interface IRenderedFrameStore
{
    /// <summary>The frame stored under <paramref name="key"/>, or null.</summary>
    ValueTask<EncodedFrame?> TryGetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="frame"/> under <paramref name="key"/> (subject to the store's size limit and lifetime).</summary>
    ValueTask SetAsync(string key, EncodedFrame frame, CancellationToken cancellationToken = default);
}
