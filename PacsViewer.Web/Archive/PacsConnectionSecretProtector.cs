using Microsoft.AspNetCore.DataProtection;
using PacsViewer.Core.Archive;

namespace PacsViewer.Web.Archive;

/// <summary>The secrets of admin-managed PACS connections encrypted with ASP.NET Core Data Protection (purpose <see cref="Purpose"/>).</summary>
public sealed class PacsConnectionSecretProtector(IDataProtectionProvider provider) : IPacsConnectionSecretProtector
{
    public const string Purpose = "PacsViewer.PacsConnections";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedText) => _protector.Unprotect(protectedText);
}
