namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4; PS3.8 Annex D item type 54H).</summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);
