using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// Registers the report exports: <see cref="ReportExportOptions"/> from <c>Reporting:Export</c>, the SR and PDF
/// writers, the FHIR mapper, <see cref="IReportExporter"/> and <see cref="IReportDelivery"/> (to the configured
/// study sources), all singletons.
/// </summary>
internal static class ReportExportRegistration
{
    public static void AddReportExports(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportExportOptions>()
            .Bind(configuration.GetSection(ReportExportOptions.SectionName))
            .Validate(o => o.SeriesNumber is >= 0 and <= 99999, "Reporting:Export:SeriesNumber must be 0 to 99999")
            .Validate(o => o.Organization is not null && o.Organization.Length <= 64, "Reporting:Export:Organization must be at most 64 characters")
            .Validate(o => !string.IsNullOrWhiteSpace(o.FontDirectory), "Reporting:Export:FontDirectory must be set")
            .ValidateOnStart();
        services.TryAddSingleton<BasicTextSrWriter>();
        services.TryAddSingleton<ReportPdfWriter>();
        services.TryAddSingleton<FhirDiagnosticReportMapper>();
        services.TryAddSingleton<IReportExporter, ReportExporter>();
        services.TryAddSingleton<IReportDelivery, PacsReportDelivery>();
    }
}
