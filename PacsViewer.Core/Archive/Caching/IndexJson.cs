using System.Text.Json;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>Serializer settings of the retrieval cache's index file.</summary>
internal static class IndexJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
