using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// The UIDs of the SR documents of a report, derived rather than random so that writing or sending the same version
/// twice yields the same object (a retried send never makes a duplicate): UIDs under the <c>2.25</c> root made from a
/// UUID (PS3.5 B.2), here a version-8 UUID (RFC 9562) built from a SHA-256 hash of a label.
/// </summary>
public static class ReportDocumentUids
{
    /// <summary>
    /// The Series Instance UID of the report series of a study: one series per study, shared by every report and
    /// version written for it, and different from every image series.
    /// </summary>
    public static string SeriesInstanceUid(string studyInstanceUid)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        return Derive($"pacsviewer/report-series/{studyInstanceUid}");
    }

    /// <summary>The SOP Instance UID of the SR document of one version of a report (1 = the original Final report).</summary>
    public static string SopInstanceUid(Guid reportId, int version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return Derive(string.Create(CultureInfo.InvariantCulture, $"pacsviewer/report/{reportId:D}/version/{version}"));
    }

    private static string Derive(string label)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(label), hash);
        var uuid = hash[..16].ToArray();
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80); // version 8 (RFC 9562 5.8, custom)
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // RFC variant
        return "2.25." + new BigInteger(uuid, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
    }
}
