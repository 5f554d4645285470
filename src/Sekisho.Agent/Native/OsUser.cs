namespace Sekisho.Agent.Native;

/// <summary>An entry of the password database.</summary>
internal sealed record OsUser(string Name, uint Uid, uint Gid, string Home, string Shell);
