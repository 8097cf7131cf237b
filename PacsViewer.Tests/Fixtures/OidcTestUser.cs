namespace PacsViewer.Tests.Fixtures;

/// <summary>A user of <see cref="OidcTestProvider"/>: subject, preferred_username, name and the provider's role values.</summary>
internal sealed record OidcTestUser(string Subject, string UserName, string Name, IReadOnlyList<string> Roles);
