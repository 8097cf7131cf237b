namespace PacsViewer.Core.Distribution.Send;

/// <summary>What the destination answered for one object: stored, or refused with a reason (status and its meaning).</summary>
internal sealed record SendOutcome(bool Stored, string? Error)
{
    public static readonly SendOutcome Success = new(true, null);

    public static SendOutcome Refused(string reason) => new(false, reason);
}
