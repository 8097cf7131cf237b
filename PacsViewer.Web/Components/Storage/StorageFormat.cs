using System.Globalization;

namespace PacsViewer.Web.Components.Storage;

/// <summary>How the storage screen writes sizes, counts and changes.</summary>
public static class StorageFormat
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>1536 -> "1.5 KiB".</summary>
    public static string Bytes(long bytes)
    {
        var value = (double)Math.Abs(bytes);
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        var sign = bytes < 0 ? "-" : "";
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{sign}{value:0} {Units[unit]}")
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{value:0.0} {Units[unit]}");
    }

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"+3 / +1.5 KiB" (or "-2 / -1.0 MiB", "0").</summary>
    public static string Change(long objects, long bytes) =>
        objects == 0 && bytes == 0 ? "0" : $"{(objects >= 0 ? "+" : "")}{Count(objects)} / {(bytes >= 0 ? "+" : "")}{Bytes(bytes)}";
}
