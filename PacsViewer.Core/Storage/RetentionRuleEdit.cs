namespace PacsViewer.Core.Storage;

/// <summary>A retention rule as an admin's form holds it: <see cref="Id"/> 0 for a new rule, else the rule and the version read.</summary>
public sealed class RetentionRuleEdit
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>A modality (CT, MR...) or empty for every study.</summary>
    public string? Modality { get; set; }

    public int MinAgeDays { get; set; } = 365;

    public RetentionAgeBasis AgeBasis { get; set; } = RetentionAgeBasis.StudyDate;

    public bool Enabled { get; set; }

    public Guid Version { get; set; }

    public bool IsNew => Id == 0;

    public static RetentionRuleEdit From(RetentionRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new RetentionRuleEdit
        {
            Id = rule.Id, Name = rule.Name, Modality = rule.Modality, MinAgeDays = rule.MinAgeDays, AgeBasis = rule.AgeBasis,
            Enabled = rule.Enabled, Version = rule.Version,
        };
    }
}
