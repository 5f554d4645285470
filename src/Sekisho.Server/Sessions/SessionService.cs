using Microsoft.AspNetCore.Http;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Server.Api;
using Sekisho.Server.Authentication;
using Sekisho.Server.Authorization;
using Sekisho.Server.Documents;
using Sekisho.Server.Nodes;

namespace Sekisho.Server.Sessions;

/// <summary>
/// The sessions domain: start (authorize, resolve document, parameters and Run As, store the record, issue the
/// client token), resume, terminate and the agent's reports. The relay carries the bytes.
/// </summary>
public sealed class SessionService(
    SessionRepository repository,
    SessionAuthorization authorization,
    DocumentService documents,
    ISessionTargets targets,
    StreamTokens tokens,
    SessionRelay relay,
    TimeProvider time,
    IHttpContextAccessor http)
{
    public const string DefaultDocument = "SSM-SessionManagerRunShell";

    public async Task<SessionStart> StartAsync(Caller caller, RequestFacts facts, string target, string? documentName,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? parameters, string? reason, AuthorizationTrail? trail, CancellationToken cancellationToken)
    {
        var account = caller.Account;
        var region = facts.Region;
        var name = documentName ?? DefaultDocument;
        var nodeTags = IsNodeId(target) ? await targets.GetTagsAsync(account, target, cancellationToken).ConfigureAwait(false) : null;
        var document = await documents.GetAsync(account, DocumentNameOf(name), null, cancellationToken).ConfigureAwait(false);
        var documentArn = document?.Arn ?? $"arn:aws:ssm:{region}:{account}:document/{DocumentNameOf(name)}";
        await authorization.AuthorizeAsync(caller, facts, SessionAuthorization.NodeArn(region, account, target), nodeTags,
            documentArn, documentName is not null, trail, cancellationToken).ConfigureAwait(false);

        if (!IsNodeId(target))
            throw new AwsErrorException("InvalidTarget", $"The target {target} is not a managed node id (mi- followed by 17 hexadecimal digits, or an EC2 instance id).");
        if (nodeTags is null || !targets.IsOnline(target))
            throw new AwsErrorException("TargetNotConnected", $"{target} is not connected.");
        if (document is null)
            throw new AwsErrorException("InvalidDocument", $"Document with name {DocumentNameOf(name)} does not exist.");
        var properties = documents.ResolveParameters(document, parameters);
        var preferences = await documents.GetPreferencesAsync(account, cancellationToken).ConfigureAwait(false);
        var tunnel = document.SessionType == SessionTypes.Port;
        // Port and SSH sessions run no shell: Run As does not apply (scenario 3: ssh works without SSMSessionRunAs).
        var runAs = tunnel ? "" : RunAsResolver.Resolve(caller, preferences);

        var now = time.GetUtcNow();
        var id = SessionIds.New(caller);
        var record = new SessionRecord(id, account, region, target, document.Name, document.Arn, document.SessionType, caller.Arn, runAs,
            reason, properties, document.SessionType == SessionTypes.StandardStream ? preferences.ShellProfileLinux : null, preferences.SsmUserSudo,
            now, null, SessionStatus.Connecting, null, preferences.IdleSessionTimeout, preferences.MaxSessionDuration,
            preferences.RecordingRetention is { } keep ? now + keep : null, RecordingStore.Name(account, id));
        await repository.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        if (!await relay.RegisterAndStartAsync(record, cancellationToken).ConfigureAwait(false))
            throw new AwsErrorException("TargetNotConnected", $"{target} is not connected.");
        return new SessionStart(id, tokens.Issue(account, id, StreamTokenRole.Client), StreamUrl(id));
    }

    public async Task<SessionStart> ResumeAsync(Caller caller, string sessionId, CancellationToken cancellationToken)
    {
        var record = SessionIds.IsWellFormed(sessionId) ? await repository.GetAsync(caller.Account, sessionId, cancellationToken).ConfigureAwait(false) : null;
        if (record is null) throw new AwsErrorException("DoesNotExistException", $"Session with id {sessionId} does not exist.");
        if (!SessionStatus.IsActive(record.Status))
            throw new AwsErrorException("DoesNotExistException", $"Session with id {sessionId} has ended ({record.Status}) and cannot be resumed.");
        return new SessionStart(sessionId, tokens.Issue(caller.Account, sessionId, StreamTokenRole.Client), StreamUrl(sessionId));
    }

    public async Task TerminateAsync(Caller caller, string sessionId, CancellationToken cancellationToken)
    {
        var record = SessionIds.IsWellFormed(sessionId) ? await repository.GetAsync(caller.Account, sessionId, cancellationToken).ConfigureAwait(false) : null;
        if (record is null || !SessionStatus.IsActive(record.Status)) return;
        var output = $"Session {sessionId} was terminated by {caller.Arn}.";
        if (await relay.EndAsync(sessionId, SessionStatus.Terminated, output, terminateAgent: true, "terminated by " + caller.Arn, cancellationToken).ConfigureAwait(false))
            return;
        // Not relayed here (never connected, or another replica relays it): end it in the store and on the node.
        await targets.SendAsync(record.Target, new AgentControlMessage { Type = AgentMessageTypes.TerminateSession, SessionId = sessionId, Message = output }, cancellationToken).ConfigureAwait(false);
        var end = time.GetUtcNow();
        await repository.UpdateAsync(caller.Account, sessionId, s => SessionStatus.IsActive(s.Status) ? s with { Status = SessionStatus.Terminated, EndDate = end, Details = "terminated by " + caller.Arn } : s, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session's live record if this replica relays it, else the stored one.</summary>
    public Task<SessionRecord?> GetAsync(string account, string sessionId, CancellationToken cancellationToken) =>
        relay.TryGetLive(sessionId, out var live) && live.Record.Account == account
            ? Task.FromResult<SessionRecord?>(live.Record)
            : repository.GetAsync(account, sessionId, cancellationToken);

    /// <summary><c>ws(s)://</c> + the request's host + the client data path (the host the caller reached us by).</summary>
    public string StreamUrl(string sessionId)
    {
        var request = http.HttpContext?.Request;
        var scheme = request?.IsHttps == true ? "wss" : "ws";
        var host = request?.Host.HasValue == true ? request.Host.Value : "localhost";
        return $"{scheme}://{host}{AgentEndpoints.ClientData(sessionId)}";
    }

    /// <summary>Where the recording of a session can be read (DescribeSessions OutputUrl).</summary>
    public string RecordingUrl(string sessionId)
    {
        var request = http.HttpContext?.Request;
        var scheme = request?.IsHttps == true ? "https" : "http";
        var host = request?.Host.HasValue == true ? request.Host.Value : "localhost";
        return $"{scheme}://{host}{SessionEndpoints.RecordingPath(sessionId)}";
    }

    private static bool IsNodeId(string target) =>
        (target.StartsWith("mi-", StringComparison.Ordinal) && target.Length == 20 && IsHex(target.AsSpan(3))) ||
        (target.StartsWith("i-", StringComparison.Ordinal) && target.Length is 10 or 19 && IsHex(target.AsSpan(2)));

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        return true;
    }

    // StartSession's DocumentName may be an ARN.
    private static string DocumentNameOf(string nameOrArn)
    {
        var slash = nameOrArn.LastIndexOf('/');
        return nameOrArn.StartsWith("arn:", StringComparison.Ordinal) && slash >= 0 ? nameOrArn[(slash + 1)..] : nameOrArn;
    }
}
