using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Sessions;

/// <summary>
/// What a <see cref="ISessionWorker"/> gets for one session: the <c>start_session</c> message, the agent end of the
/// data channel (handshake already done for Port and NonInteractiveCommands), ways to send and receive stream data,
/// and the log. Built by the agent host; tests build one over a <see cref="SessionDataStream"/> of their own.
/// </summary>
public sealed class SessionWorkerContext
{
    /// <summary>
    /// The exit code a session that fails after its handshake gives the client: the code the AWS CLI and ssh give a
    /// session or connection that could not be made.
    /// </summary>
    public const int FailedExitCode = 255;

    private static readonly TimeSpan FailureAckWait = TimeSpan.FromSeconds(5);
    private readonly Action? _onStarted;
    private int _started;

    public SessionWorkerContext(AgentControlMessage start, SessionDataStream stream, AgentLog log, string instanceId,
        Action? onStarted = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(log);
        Start = start;
        Stream = stream;
        Log = log;
        InstanceId = instanceId;
        _onStarted = onStarted;
    }

    /// <summary>The <c>start_session</c> message: SessionType, DocumentName, Properties, RunAsUser, ShellProfile, ...</summary>
    public AgentControlMessage Start { get; }

    /// <summary>The session id (<c>Start.SessionId</c>).</summary>
    public string SessionId => Start.SessionId ?? "";

    /// <summary>This node's id (<c>mi-...</c>), for messages.</summary>
    public string InstanceId { get; }

    public SessionDataStream Stream { get; }

    /// <summary>The agent end's reliable channel (handshake done for non-shell types).</summary>
    public ReliableChannel Channel => Stream.Channel;

    public AgentLog Log { get; }

    /// <summary>The client's version from the handshake (null for shells, which have none).</summary>
    public string? ClientVersion => Stream.Handshake?.ClientVersion;

    /// <summary>Whether the client runs smux without keepalives (port sessions).</summary>
    public bool ClientDisablesSmuxKeepAlive => Stream.Handshake?.ClientDisablesSmuxKeepAlive ?? false;

    /// <summary>Whether <see cref="ReportStarted"/> was called.</summary>
    public bool Started => Volatile.Read(ref _started) == 1;

    /// <summary>The Output byte stream as a pipe (port and SSH); see <see cref="SessionDataStream.OpenPipe"/>.</summary>
    public ReliableChannelPipe OpenPipe() => Stream.OpenPipe();

    /// <summary>Sends a Flag payload to the client.</summary>
    public ValueTask SendFlagAsync(SessionFlag flag, CancellationToken cancellationToken) =>
        Stream.SendFlagAsync(flag, cancellationToken);

    /// <summary>Sends stream data (Output, StdErr, ...), cut into stock-sized messages, in order.</summary>
    public ValueTask SendAsync(PayloadType payloadType, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        Stream.SendAsync(payloadType, payload, cancellationToken);

    /// <summary>The client's stream messages for shells and commands: keystrokes (Output), Size, Flag.</summary>
    public IAsyncEnumerable<SessionInput> ReadInputAsync(CancellationToken cancellationToken) =>
        Stream.ReadInputAsync(cancellationToken);

    /// <summary>Tells the server the session runs (<c>session_started</c>); only the first call counts.</summary>
    public void ReportStarted()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _onStarted?.Invoke();
        }
    }

    /// <summary>
    /// The failure of a port or SSH session whose handshake is done (a refused destination, a port that does not
    /// answer), for the worker to throw: <c>session_failed</c> ends the session Failed with <paramref name="reason"/>
    /// as channel_closed's text. Before that an ExitCode payload of <see cref="FailedExitCode"/> is sent and its
    /// acknowledgement awaited (at most 5 s), because the client is already forwarding and has no other way to tell
    /// a failed session from one that ended normally. Stock plugins ignore ExitCode in port sessions.
    /// </summary>
    public async Task<SessionFailedException> FailAfterHandshakeAsync(string reason, Exception cause, CancellationToken cancellationToken)
    {
        var payload = new byte[32];
        var length = DataChannelPayloads.WriteExitCode(payload, FailedExitCode);
        await SendAsync(PayloadType.ExitCode, payload.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        var deadline = Environment.TickCount64 + (long)FailureAckWait.TotalMilliseconds;
        while (Channel.UnacknowledgedCount > 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
        return new SessionFailedException(reason, cause);
    }
}
