using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Distribution.Export;

/// <summary>
/// De-identifies the objects of one export following the Basic Application Level Confidentiality Profile
/// (PS3.15 E.2, actions of Table E.1-1 in <see cref="DeidentificationProfile"/>), recursively through sequences.
/// One instance serves one export: its random key maps each original UID to the same new UID for every object of the
/// export (so series, frames of reference and references inside the study stay consistent), and the mapping cannot be
/// reversed without the key, which is never stored. Thread-safe.
/// </summary>
public sealed class Deidentifier
{
    /// <summary>PS3.16 CID 7050 "De-identification Method" code for this profile.</summary>
    public const string BasicProfileCode = "113100";

    public const string BasicProfileMeaning = "Basic Application Confidentiality Profile";

    // Modalities whose images often carry text burned into the pixels (annotations, labels, screen captures).
    private static readonly HashSet<string> BurnInProneModalities = new(StringComparer.Ordinal)
    {
        "US", "SC", "OT", "XC", "ES", "GM", "SM", "DX", "CR", "MG", "IO", "PX", "XA", "RF", "DOC",
    };

    private const string SecondaryCaptureClassPrefix = "1.2.840.10008.5.1.4.1.1.7"; // PS3.4 Annex B: SC, multi-frame SC

    private readonly byte[] _key;
    private readonly ConcurrentDictionary<string, string> _uids = new(StringComparer.Ordinal);

    /// <param name="pseudonym">Replaces Patient's Name and Patient ID; null: a generated "ANON-" plus random hex.</param>
    /// <param name="key">The UID mapping key (tests); null: 32 random bytes, forgotten with this instance.</param>
    public Deidentifier(string? pseudonym = null, byte[]? key = null)
    {
        _key = key ?? RandomNumberGenerator.GetBytes(32);
        Pseudonym = NormalizePseudonym(pseudonym) ?? "ANON-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
    }

    /// <summary>What Patient's Name and Patient ID become.</summary>
    public string Pseudonym { get; }

    /// <summary>
    /// The replacement of one UID: "2.25." and the decimal of a 128-bit UUID (version 8, PS3.5 B.2) made from an
    /// HMAC-SHA256 of the original under this export's key. Registered UIDs (SOP classes, transfer syntaxes, coding
    /// schemes: PS3.6 Annex A) identify nobody and are returned as they are.
    /// </summary>
    public string MapUid(string uid)
    {
        var trimmed = uid.Trim('\0', ' ');
        if (trimmed.Length == 0 || DicomUidRegistry.TryGet(trimmed, out _))
        {
            return trimmed;
        }
        return _uids.GetOrAdd(trimmed, static (u, key) =>
        {
            Span<byte> hash = stackalloc byte[32];
            HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(u), hash);
            var uuid = hash[..16];
            uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom)
            uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // variant 10
            return "2.25." + new BigInteger(uuid, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }, _key);
    }

    /// <summary>
    /// Why an object may show the patient's identity in its pixels, or null: Burned In Annotation (0028,0301) is YES,
    /// or it is absent from an object of a modality or SOP class that often burns text in (PS3.15 E.3.1, the Clean
    /// Pixel Data Option this profile does not implement: such objects are flagged, never cleaned).
    /// </summary>
    public static string? BurnedInAnnotationWarning(DicomDataset dataset)
    {
        if (!dataset.Contains(DicomTags.PixelData) && !dataset.Contains(DicomTags.FloatPixelData) && !dataset.Contains(DicomTags.DoubleFloatPixelData))
        {
            return null;
        }
        var burnedIn = dataset.GetFirstString(DicomTags.BurnedInAnnotation)?.Trim().ToUpperInvariant();
        if (burnedIn == "YES")
        {
            return "Burned In Annotation (0028,0301) is YES: the pixels may show the patient's identity";
        }
        if (burnedIn == "NO")
        {
            return null;
        }
        var modality = dataset.GetFirstString(DicomTags.Modality)?.Trim().ToUpperInvariant() ?? "";
        var sopClass = dataset.GetFirstString(DicomTags.SOPClassUID) ?? "";
        if (BurnInProneModalities.Contains(modality) || sopClass.StartsWith(SecondaryCaptureClassPrefix, StringComparison.Ordinal))
        {
            return $"Burned In Annotation (0028,0301) is not NO in a {(modality.Length > 0 ? modality : "secondary capture")} object: the pixels may carry burned-in text";
        }
        return null;
    }

    /// <summary>The de-identified copy of a dataset (File Meta excluded: the writer makes a new one from it).</summary>
    public DicomDataset Deidentify(DicomDataset dataset)
    {
        var builder = Process(dataset, depth: 0);
        // PS3.15 E.1.1: the pseudonym in place of name and ID, and the attributes that say what was done (PS3.3 C.7.1.1).
        builder.Set(DicomTags.PatientName, DicomVR.PN, Pseudonym)
            .Set(DicomTags.PatientID, DicomVR.LO, Pseudonym)
            .Set(DicomTags.PatientIdentityRemoved, DicomVR.CS, "YES")
            .Set(DicomTags.DeidentificationMethod, DicomVR.LO, BasicProfileMeaning)
            .SetSequence(DicomTags.DeidentificationMethodCodeSequence, new DicomDatasetBuilder()
                .Set(DicomTags.CodeValue, DicomVR.SH, BasicProfileCode)
                .Set(DicomTags.CodingSchemeDesignator, DicomVR.SH, "DCM")
                .Set(DicomTags.CodeMeaning, DicomVR.LO, BasicProfileMeaning)
                .ToDataset());
        return builder.ToDataset();
    }

    private DicomDatasetBuilder Process(DicomDataset dataset, int depth)
    {
        var builder = new DicomDatasetBuilder(dataset.CharacterSet);
        foreach (var element in dataset)
        {
            if (element.Tag.IsGroupLength)
            {
                continue;
            }
            var action = DeidentificationProfile.ActionFor(element.Tag);
            switch (action)
            {
                case DeidentificationAction.Remove:
                    break;
                case DeidentificationAction.Zero:
                    builder.Add(element is DicomSequence
                        ? new DicomSequence(element.Tag, [])
                        : new DicomValueElement(element.Tag, element.VR, ReadOnlyMemory<byte>.Empty));
                    break;
                case DeidentificationAction.Dummy when element is not DicomSequence && element.VR != DicomVR.UI:
                    builder.Add(Dummy(element));
                    break;
                default:
                    builder.Add(Transform(element, depth));
                    break;
            }
        }
        return builder;
    }

    private DicomElement Transform(DicomElement element, int depth)
    {
        switch (element)
        {
            case DicomSequence sequence:
                if (depth >= 64)
                {
                    throw new DicomFormatException("sequences nested more than 64 deep cannot be de-identified", 0, element.Tag, null);
                }
                return new DicomSequence(element.Tag, sequence.Items.Select(i => Process(i, depth + 1).ToDataset()), sequence.PrivateCreator);
            case DicomValueElement value when value.VR == DicomVR.UI:
                var text = Encoding.ASCII.GetString(value.GetBytes().Span).TrimEnd('\0', ' ');
                var mapped = string.Join('\\', text.Split('\\').Select(MapUid));
                return new DicomDatasetBuilder().Set(element.Tag, DicomVR.UI, mapped).ToDataset()[element.Tag]!;
            default:
                return element;
        }
    }

    private static DicomElement Dummy(DicomElement element)
    {
        var text = element.VR switch
        {
            DicomVR.DA => "19000101",
            DicomVR.TM => "000000",
            DicomVR.DT => "19000101000000",
            DicomVR.AS => "000Y",
            DicomVR.PN => "ANONYMOUS",
            _ => "ANONYMOUS",
        };
        if (element.VR.IsString())
        {
            return new DicomDatasetBuilder().Set(element.Tag, element.VR, text).ToDataset()[element.Tag]!;
        }
        return new DicomValueElement(element.Tag, element.VR, new byte[element.Length > 0 && element.Length < 1024 ? element.Length : 0]);
    }

    private static string? NormalizePseudonym(string? pseudonym)
    {
        if (string.IsNullOrWhiteSpace(pseudonym))
        {
            return null;
        }
        // LO (PS3.5 6.2): at most 64 characters, no backslash or control characters; ASCII keeps it charset-neutral.
        var clean = new string(pseudonym.Trim().Where(c => c is >= ' ' and <= '~' and not '\\' and not '^' and not '=').ToArray());
        if (clean.Length == 0)
        {
            throw new ArgumentException("the pseudonym must contain printable ASCII characters (not \\ ^ =)", nameof(pseudonym));
        }
        return clean.Length > 58 ? clean[..58] : clean;
    }
}
