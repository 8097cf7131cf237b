namespace PacsViewer.Core.Storage;

/// <summary>Where stored bytes live, for the storage screen.</summary>
public enum StorageArea
{
    /// <summary>The built-in archive (kept until retention deletes it).</summary>
    Archive,

    /// <summary>The retrieval cache of an upstream source (evicted by its byte budget, or purged).</summary>
    Cache,
}
