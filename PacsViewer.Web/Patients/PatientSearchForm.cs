using PacsViewer.Core.Worklist;

namespace PacsViewer.Web.Patients;

/// <summary>The ward search form: name (a prefix, as typed or as "Family, Given"), patient ID, birth date.</summary>
public sealed class PatientSearchForm
{
    public string? PatientName { get; set; }

    public string? PatientId { get; set; }

    public DateTime? BirthDate { get; set; }

    /// <summary>
    /// The worklist's patient search for this form. The name is a prefix, matched case-insensitively on the PN value
    /// (PS3.5 6.2.1): "Doe, Jane" and "doe^jane" both become <c>doe^jane*</c>; typed wild cards (<c>*</c>, <c>?</c>,
    /// PS3.4 C.2.2.2.4) are kept as they are. The ID is exact.
    /// </summary>
    public PatientSearch ToSearch()
    {
        var name = PatientName?.Trim();
        if (!string.IsNullOrEmpty(name) && name.IndexOfAny(['*', '?']) < 0)
        {
            var comma = name.IndexOf(',', StringComparison.Ordinal);
            if (comma >= 0)
            {
                name = name[..comma].Trim() + "^" + name[(comma + 1)..].Trim();
            }
            name += "*";
        }
        var id = PatientId?.Trim();
        return new PatientSearch(string.IsNullOrEmpty(name) ? null : name, string.IsNullOrEmpty(id) ? null : id,
            BirthDate is { } birth ? DateOnly.FromDateTime(birth) : null);
    }
}
