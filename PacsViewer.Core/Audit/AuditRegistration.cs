using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PacsViewer.Core.Audit.Export;

namespace PacsViewer.Core.Audit;

/// <summary>
/// Registers the audit trail's search (<see cref="AuditQueryService"/>) and exports (DICOM audit messages, FHIR
/// AuditEvent bundles) with <see cref="AuditExportOptions"/> from <c>Audit:Export</c>, all singletons.
/// </summary>
internal static class AuditRegistration
{
    public static void AddAuditTrail(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditExportOptions>()
            .Bind(configuration.GetSection(AuditExportOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.SourceId), "Audit:Export:SourceId must be set")
            .ValidateOnStart();
        services.TryAddSingleton<AuditQueryService>();
        services.TryAddSingleton<DicomAuditMessageWriter>();
        services.TryAddSingleton<FhirAuditEventMapper>();
        services.TryAddSingleton<FhirAuditBundleWriter>();
    }
}
