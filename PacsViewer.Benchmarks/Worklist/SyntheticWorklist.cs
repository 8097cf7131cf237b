using System.Globalization;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Benchmarks.Worklist;

/// <summary>
/// A deterministic synthetic worklist (no personal data: names are made of syllables, IDs are counters) with roughly
/// the shape of a department's: about 20 modalities weighted as a general hospital produces them, some with SR, KO or
/// PR objects beside the images; study dates over ten years, denser in recent years; studies older than a month mostly
/// Final, recent ones mostly Unread or being read; a few Stat and Urgent; a quarter assigned to one of eight
/// radiologists; the studies in progress locked (a few of the locks lapsed); about 2.5 studies per patient.
/// </summary>
internal static class SyntheticWorklist
{
    /// <summary>The "now" of the data set; dates run ten years back from it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    public const int Users = 8;

    private static readonly (string Modality, int Weight)[] Modalities =
    [
        ("CR", 180), ("CT", 160), ("DX", 140), ("US", 120), ("MR", 110), ("MG", 60), ("XA", 30), ("RF", 20), ("NM", 20), ("PT", 20),
        ("OT", 10), ("ES", 10), ("IO", 10), ("PX", 10), ("OP", 10), ("SC", 10), ("XC", 10), ("BMD", 10), ("ECG", 10), ("RG", 10),
    ];

    private static readonly string[] BodyParts = ["Chest", "Abdomen", "Head", "Spine", "Knee", "Pelvis", "Shoulder", "Hand", "Neck", "Breast"];

    private static readonly string[] Syllables =
        ["KA", "RO", "MI", "TE", "LU", "SA", "NO", "VE", "DA", "BI", "GO", "ZE", "PA", "RI", "TO", "MEL", "VAN", "DOR", "HEL", "KIR", "SU", "FE"];

    public static string User(int index) => $"rad{index + 1:00}";

    /// <summary>The rows, numbered from 0 (the accession number is ACC plus 10,000,000 + the number).</summary>
    public static IEnumerable<WorklistEntry> Generate(int rows)
    {
        var random = new Random(20261129);
        var totalWeight = Modalities.Sum(m => m.Weight);
        var patients = Math.Max(1, rows * 2 / 5);
        for (var i = 0; i < rows; i++)
        {
            var patient = random.Next(patients);
            var (family, given) = Name(patient);
            var modality = Pick(random.Next(totalWeight));
            var extra = random.Next(100) switch
            {
                < 10 => "SR",
                < 14 => "KO",
                < 16 => "PR",
                _ => null,
            };
            var modalities = extra is null ? modality : string.Join('\\', new[] { modality, extra }.Order(StringComparer.Ordinal));
            // Denser recent years: the age in days is the ten years times a skewed fraction.
            var ageDays = (int)(3652 * Math.Pow(random.NextDouble(), 1.6));
            var date = Now.AddDays(-ageDays);
            var (status, priority) = State(random, ageDays);
            var assigned = random.Next(4) == 0 || status == ReadingStatus.InProgress ? User(random.Next(Users)) : null;
            var locked = status == ReadingStatus.InProgress ? assigned : null;
            var entry = new WorklistEntry
            {
                SourceName = random.Next(10) < 7 ? "archive" : "pacs-a",
                StudyInstanceUid = string.Create(CultureInfo.InvariantCulture, $"2.25.{20261129}{i:D9}"),
                PatientName = $"{family}^{given}",
                PatientId = string.Create(CultureInfo.InvariantCulture, $"PV{patient:D7}"),
                PatientBirthDate = new DateOnly(1930, 1, 1).AddDays(patient * 7919 % 32000).ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                PatientSex = patient % 2 == 0 ? "F" : "M",
                StudyDate = date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                StudyTime = string.Create(CultureInfo.InvariantCulture, $"{random.Next(7, 20):00}{random.Next(60):00}{random.Next(60):00}"),
                AccessionNumber = Accession(i),
                StudyId = string.Create(CultureInfo.InvariantCulture, $"{i % 100000}"),
                StudyDescription = $"{modality} {BodyParts[random.Next(BodyParts.Length)]}",
                ReferringPhysicianName = $"{Name(patients + random.Next(200)).Family}^DR",
                Modalities = modalities,
                Status = status,
                Priority = priority,
                AssignedTo = assigned,
                LockedBy = locked,
                LockExpiresAt = locked is null ? null : Now.AddMinutes(random.Next(-30, 15)),
                FirstSeenAt = date,
                UpdatedAt = date.AddHours(random.Next(1, 48)),
            };
            entry.RefreshKeys();
            yield return entry;
        }
    }

    public static string Accession(int row) => string.Create(CultureInfo.InvariantCulture, $"ACC{10_000_000 + row}");

    /// <summary>A made-up name per patient number: two or three syllables each.</summary>
    public static (string Family, string Given) Name(int patient)
    {
        var r = new Random(patient);
        string Word(int parts) => string.Concat(Enumerable.Range(0, parts).Select(_ => Syllables[r.Next(Syllables.Length)]));
        return (Word(r.Next(2, 4)), Word(2));
    }

    private static string Pick(int ticket)
    {
        foreach (var (modality, weight) in Modalities)
        {
            if (ticket < weight)
            {
                return modality;
            }
            ticket -= weight;
        }
        return Modalities[^1].Modality;
    }

    private static (ReadingStatus, ReadingPriority) State(Random random, int ageDays)
    {
        var p = random.Next(100);
        var status = ageDays > 30
            ? p switch { < 93 => ReadingStatus.Final, < 97 => ReadingStatus.Amended, _ => ReadingStatus.Preliminary }
            : p switch { < 55 => ReadingStatus.Unread, < 70 => ReadingStatus.InProgress, < 80 => ReadingStatus.Preliminary, _ => ReadingStatus.Final };
        var q = random.Next(100);
        var priority = q switch { < 3 => ReadingPriority.Stat, < 12 => ReadingPriority.Urgent, _ => ReadingPriority.Routine };
        return (status, priority);
    }
}
