using Microsoft.AspNetCore.Identity;

namespace PacsViewer.Core.Security;

/// <summary>The password policy (<c>Auth:Password:*</c>, Identity's <see cref="PasswordOptions"/>) in words, for the forms that set a password.</summary>
public static class IdentityPasswordPolicy
{
    /// <summary>E.g. "At least 12 characters, with a digit, an upper case letter, a lower case letter and a symbol."</summary>
    public static string Describe(PasswordOptions policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var needs = new List<string>();
        if (policy.RequireDigit)
        {
            needs.Add("a digit");
        }
        if (policy.RequireUppercase)
        {
            needs.Add("an upper case letter");
        }
        if (policy.RequireLowercase)
        {
            needs.Add("a lower case letter");
        }
        if (policy.RequireNonAlphanumeric)
        {
            needs.Add("a symbol");
        }
        var text = $"At least {policy.RequiredLength} characters";
        return needs.Count switch
        {
            0 => text + ".",
            1 => $"{text}, with {needs[0]}.",
            _ => $"{text}, with {string.Join(", ", needs[..^1])} and {needs[^1]}.",
        };
    }
}
