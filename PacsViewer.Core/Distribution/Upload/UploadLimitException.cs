namespace PacsViewer.Core.Distribution.Upload;

/// <summary>
/// An upload over one of <see cref="UploadOptions"/>' limits (file size, file count, total bytes): the whole upload is
/// refused (HTTP 413) and whatever was staged is deleted. The message says which limit and how to stay under it.
/// </summary>
public sealed class UploadLimitException : Exception
{
    public UploadLimitException()
    {
    }

    public UploadLimitException(string message) : base(message)
    {
    }

    public UploadLimitException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
