namespace Sekisho.Server.Nodes;

// TEMPORARY stand-in for ssm-nodes' "Nodes contract" (removed when that branch is merged).
public sealed class DocumentService
{
    public Task<SessionDocument?> GetAsync(string account, string name, string? version, CancellationToken cancellationToken) => Task.FromResult<SessionDocument?>(null);

    public IReadOnlyDictionary<string, string> ResolveParameters(SessionDocument document, IReadOnlyDictionary<string, IReadOnlyList<string>>? parameters) => document.Properties;

    public Task<SessionPreferences> GetPreferencesAsync(string account, CancellationToken cancellationToken) =>
        Task.FromResult(new SessionPreferences(TimeSpan.FromMinutes(20), null, false, null, null, false, null));
}
