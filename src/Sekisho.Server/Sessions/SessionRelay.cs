using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Server.Sessions;

/// <summary>
/// The data-channel relay: the client's and the agent's WebSockets of each session, frames passed unchanged
/// both ways (one pooled buffer per socket, no per-frame allocation), each frame shown to the recorder, and
/// the end of a session (channel_closed to the client, terminate_session to the agent, the record updated).
/// A frame that arrives while the other end is absent is dropped: the ends resend what is unacknowledged.
/// </summary>
public sealed partial class SessionRelay(
    SessionRepository repository,
    RecordingStore recordings,
    StreamTokens tokens,
    ISessionTargets targets,
    TimeProvider time,
    ILogger<SessionRelay> logger)
{
    /// <summary>
    /// The largest frame relayed: the stock peers send at most a few KiB of payload, Sekisho's fast mode 256 KiB
    /// (the pump's pooled buffer grows to the largest frame once and is kept for the socket's life).
    /// </summary>
    public const int MaxFrameBytes = 1024 * 1024;

    /// <summary>The close reason that asks the agent to reconnect its data socket at once (and so resend what is unacknowledged).</summary>
    public const string ReattachReason = "reattach: the client resumed";

    /// <summary>The close reason when the session is over (the agent does not reconnect).</summary>
    public const string EndedReason = "session ended";
    private const int InitialBuffer = 16 * 1024;
    private static readonly TimeSpan FirstFrameTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, LiveSession> _live = new(StringComparer.Ordinal);

    /// <summary>The sessions this replica relays now.</summary>
    internal ICollection<LiveSession> Live => _live.Values;

    /// <summary>
    /// Registers a session just started (so its sockets find it without a store read) and, for a session with a
    /// handshake (port forwarding, SSH, non-interactive commands), sends start_session to its node at once: the agent
    /// opens its data socket and sends its handshake request while the client is still opening its own, and the relay
    /// holds that request until the client attaches. The agent runs nothing before the client answers the handshake,
    /// and gives up on a client that never comes. A shell or interactive command has no handshake: it would start at
    /// once, and could even finish and give up on its last output before a slow client attached, so those start when
    /// their client's socket arrives. False when the node's agent could not be reached: the session is then Failed.
    /// </summary>
    public async Task<bool> RegisterAndStartAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        var session = _live.GetOrAdd(record.SessionId, _ => NewLive(record));
        if (!AgentHandshake.IsRequired(record.SessionType)) return true;
        return !session.TryMarkStartSent() || await SendStartAsync(session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Serves one data-channel WebSocket (client or agent) of <paramref name="sessionId"/> until it closes.</summary>
    public async Task AcceptAsync(HttpContext context, string sessionId, StreamTokenRole role)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("this is a WebSocket endpoint\n").ConfigureAwait(false);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var aborted = context.RequestAborted;
        var end = new RelayEnd(socket, aborted);
        var (session, refusal, ended) = await OpenAsync(end, sessionId, role, aborted).ConfigureAwait(false);
        if (session is null)
        {
            LogRefused(logger, sessionId, role, refusal!);
            // The agent hears of a session at StartSession, so it can fail before the client's socket arrives (no
            // worker for the session type, no data socket): the client is still told why, as channel_closed.
            if (role == StreamTokenRole.Client && ended is { Status: SessionStatus.Failed, Details: { Length: > 0 } why })
                await end.TrySendAsync(ChannelClosedFrame(sessionId, why, time.GetUtcNow()), WebSocketMessageType.Binary, aborted).ConfigureAwait(false);
            await end.CloseAsync(WebSocketCloseStatus.PolicyViolation, refusal!).ConfigureAwait(false);
            return;
        }
        var replaced = session.Attach(role, end);
        if (replaced is not null) await replaced.CloseAsync(WebSocketCloseStatus.NormalClosure, "replaced by a new connection").ConfigureAwait(false);
        session.Touch(time.GetUtcNow());
        if (role == StreamTokenRole.Client)
        {
            await UpdateStatusAsync(session, SessionStatus.Connected, onlyFrom: SessionStatus.Disconnected).ConfigureAwait(false);
            var firstClient = session.TryMarkClientSeen();
            if (session.TryMarkStartSent())
            {
                // A session this replica did not start (found in the store): its first client here starts it.
                if (!await SendStartAsync(session, aborted).ConfigureAwait(false)) return;
            }
            else if (!firstClient && session.Agent is { } agent)
            {
                // A resumed client lost whatever was in flight on its broken socket; the agent resends that only
                // one message per 100 ms tick. Re-attaching the agent's socket makes it resend all of it at once.
                await agent.CloseAsync(WebSocketCloseStatus.NormalClosure, ReattachReason).ConfigureAwait(false);
            }
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, session.Ending.Token);
        try
        {
            await PumpAsync(session, end, role == StreamTokenRole.Client ? RelayDirection.ToAgent : RelayDirection.ToClient, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            end.Finished.TrySetResult();
            if (session.Detach(role, end) && role == StreamTokenRole.Client && !session.HasEnded)
                await UpdateStatusAsync(session, SessionStatus.Disconnected, onlyFrom: SessionStatus.Connected).ConfigureAwait(false);
            if (session.HasEnded) await end.CloseAsync(WebSocketCloseStatus.NormalClosure, EndedReason).ConfigureAwait(false);
        }
    }

    /// <summary>Ends a session this replica relays (no-op when it is not live here or already ended).</summary>
    /// <param name="clientOutput">the channel_closed Output the client prints</param>
    /// <param name="terminateAgent">send terminate_session to the agent (not when the agent itself ended it)</param>
    internal async Task<bool> EndAsync(string sessionId, string status, string clientOutput, bool terminateAgent, string? details, CancellationToken cancellationToken)
    {
        if (!_live.TryGetValue(sessionId, out var session) || !session.TryMarkEnded()) return false;
        await EndLiveAsync(session, status, clientOutput, terminateAgent, details, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Every live session on <paramref name="instanceId"/> (for a disconnected or deregistered node).</summary>
    internal List<string> SessionsOn(string instanceId)
    {
        var ids = new List<string>();
        foreach (var s in _live.Values)
            if (s.Record.Target == instanceId) ids.Add(s.Record.SessionId);
        return ids;
    }

    internal bool TryGetLive(string sessionId, out LiveSession session) => _live.TryGetValue(sessionId, out session!);

    /// <summary>Writes what the recorder has buffered as the next part (the sweeper calls this every few seconds).</summary>
    internal async Task FlushRecordingAsync(LiveSession session, bool final, CancellationToken cancellationToken)
    {
        if (session.Recorder is null || session.Record.Recording is not { } name) return;
        await session.FlushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Once taken, a part must be written whatever happens to the caller (a pump whose socket just broke):
            // a part number skipped would end the recording there, since readers stop at the first missing part.
            if (session.Recorder.TakePart(final) is { } part)
                await recordings.WritePartAsync(name, part.Part, part.Content, CancellationToken.None).ConfigureAwait(false);
            session.LastFlush = time.GetUtcNow();
        }
        finally
        {
            session.FlushLock.Release();
        }
    }

    internal async Task UpdateStatusAsync(string sessionId, string status)
    {
        if (_live.TryGetValue(sessionId, out var session)) await UpdateStatusAsync(session, status, onlyFrom: null).ConfigureAwait(false);
    }

    /// <returns>the live session, or why the socket is refused and, for a session that has ended, its record</returns>
    private async Task<(LiveSession? Session, string? Refusal, SessionRecord? Ended)> OpenAsync(RelayEnd end, string sessionId, StreamTokenRole role, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsWellFormed(sessionId)) return (null, "no such session", null);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(FirstFrameTimeout);
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length) return (null, "the opening frame is too large", null);
                result = await end.Socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token).ConfigureAwait(false);
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
            if (result.MessageType != WebSocketMessageType.Text)
                return (null, "the first frame must be the TEXT frame with the token (OpenDataChannelInput)", null);
            OpenDataChannelInput input;
            try
            {
                input = DataChannelPayloads.ReadOpenDataChannelInput(buffer.AsSpan(0, length));
            }
            catch (ClientMessageException)
            {
                return (null, "the first frame is not an OpenDataChannelInput JSON object", null);
            }
            if (string.IsNullOrEmpty(input.TokenValue)) return (null, "the first frame carries no TokenValue", null);
            if (!tokens.TryVerify(input.TokenValue, sessionId, role, out var claims, out var error)) return (null, error, null);
            if (!_live.TryGetValue(sessionId, out var session))
            {
                var record = await repository.GetAsync(claims.Account, sessionId, cancellationToken).ConfigureAwait(false);
                if (record is null) return (null, $"session {sessionId} does not exist", null);
                if (!SessionStatus.IsActive(record.Status)) return (null, $"session {sessionId} has ended ({record.Status})", record);
                session = _live.GetOrAdd(sessionId, _ => NewLive(record));
            }
            if (session.HasEnded) return (null, $"session {sessionId} has ended", session.Record);
            return (session, null, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "no token frame within 15 seconds", null);
        }
        catch (WebSocketException)
        {
            return (null, "the socket broke before the token frame", null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<bool> SendStartAsync(LiveSession session, CancellationToken cancellationToken)
    {
        var r = session.Record;
        var message = new AgentControlMessage
        {
            Type = AgentMessageTypes.StartSession,
            SessionId = r.SessionId,
            SessionType = r.SessionType,
            DocumentName = r.DocumentName,
            Properties = r.Properties,
            RunAsUser = r.RunAsUser,
            ShellProfile = r.ShellProfile,
            AllowRoot = false,
            SsmUserSudo = r.SsmUserSudo,
            DataUrl = AgentEndpoints.AgentData(r.SessionId),
            DataToken = tokens.Issue(r.Account, r.SessionId, StreamTokenRole.Agent),
        };
        if (await targets.SendAsync(r.Target, message, cancellationToken).ConfigureAwait(false)) return true;
        await EndAsync(r.SessionId, SessionStatus.Failed, $"{r.Target} is not connected.", terminateAgent: false, $"{r.Target} is not connected.", CancellationToken.None).ConfigureAwait(false);
        return false;
    }

    private async Task PumpAsync(LiveSession session, RelayEnd from, RelayDirection direction, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            while (true)
            {
                // Backpressure instead of loss: while the other end is away (a client resuming, an agent
                // reconnecting), leave this end's frames in its socket; only frames in flight on a broken socket
                // are lost and resent.
                while ((direction == RelayDirection.ToAgent ? session.Agent : session.Client) is null)
                    await session.WhenAttachedAsync(direction == RelayDirection.ToAgent ? StreamTokenRole.Agent : StreamTokenRole.Client, cancellationToken).ConfigureAwait(false);
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= MaxFrameBytes)
                        {
                            await from.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"frames are at most {MaxFrameBytes} bytes").ConfigureAwait(false);
                            return;
                        }
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    result = await from.Socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                if (result.MessageType != WebSocketMessageType.Binary) continue;
                session.Touch(time.GetUtcNow());
                if (session.Recorder is { } recorder)
                {
                    recorder.Observe(direction, buffer.AsSpan(0, length));
                    if (recorder.Pending >= SessionRecorder.PartThreshold)
                        await FlushRecordingAsync(session, final: false, cancellationToken).ConfigureAwait(false);
                }
                var to = direction == RelayDirection.ToAgent ? session.Agent : session.Client;
                if (to is not null) await to.TrySendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Binary, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (WebSocketException)
        {
            // a broken socket ends this pump; the other end stays and this one may come back
        }
        catch (OperationCanceledException)
        {
            // the session ended or the request was aborted
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task EndLiveAsync(LiveSession session, string status, string clientOutput, bool terminateAgent, string? details, CancellationToken cancellationToken)
    {
        var r = session.Record;
        if (terminateAgent)
        {
            await targets.SendAsync(r.Target, new AgentControlMessage
            {
                Type = AgentMessageTypes.TerminateSession,
                SessionId = r.SessionId,
                Message = details ?? clientOutput,
            }, cancellationToken).ConfigureAwait(false);
        }
        // The record is final before the client hears of the end, so whoever it tells finds the session ended.
        var end = time.GetUtcNow();
        session.Record = await repository.UpdateAsync(r.Account, r.SessionId,
            s => s with { Status = status, EndDate = end, Details = details ?? s.Details }, CancellationToken.None).ConfigureAwait(false) ?? session.Record;
        var client = session.Client;
        var agent = session.Agent;
        if (client is not null)
            await client.TrySendAsync(ChannelClosedFrame(r.SessionId, clientOutput, time.GetUtcNow()), WebSocketMessageType.Binary, CancellationToken.None).ConfigureAwait(false);
        // Close politely and give the pumps a moment to see the peers' close: cancelling a receive aborts the
        // socket, which could drop the channel_closed still in Kestrel's output buffer.
        if (client is not null) await client.CloseAsync(WebSocketCloseStatus.NormalClosure, EndedReason).ConfigureAwait(false);
        if (agent is not null) await agent.CloseAsync(WebSocketCloseStatus.NormalClosure, EndedReason).ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(client?.Finished.Task ?? Task.CompletedTask, agent?.Finished.Task ?? Task.CompletedTask),
            Task.Delay(CloseGrace, CancellationToken.None)).ConfigureAwait(false);
        await session.Ending.CancelAsync().ConfigureAwait(false);
        await FlushRecordingAsync(session, final: true, CancellationToken.None).ConfigureAwait(false);
        _live.TryRemove(r.SessionId, out _);
    }

    private async Task UpdateStatusAsync(LiveSession session, string status, string? onlyFrom)
    {
        var r = session.Record;
        var updated = await repository.UpdateAsync(r.Account, r.SessionId,
            s => (onlyFrom is null ? SessionStatus.IsActive(s.Status) : s.Status == onlyFrom) && s.Status != status ? s with { Status = status } : s,
            CancellationToken.None).ConfigureAwait(false);
        if (updated is not null) session.Record = updated;
    }

    private LiveSession NewLive(SessionRecord record)
    {
        SessionRecorder? recorder = null;
        if (record.Recording is not null)
        {
            var destination = record.Properties.TryGetValue("portNumber", out var port)
                ? (record.Properties.TryGetValue("host", out var host) ? host : "localhost") + ":" + port
                : null;
            recorder = new SessionRecorder(new RecordingHeader(record.SessionId, record.Owner, record.Target, record.RunAsUser,
                record.DocumentName, record.SessionType, destination, record.StartDate), time);
        }
        return new LiveSession(record, recorder);
    }

    /// <summary>A channel_closed message as the service sends it; the client prints Output and exits.</summary>
    public static byte[] ChannelClosedFrame(string sessionId, string output, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        var id = Guid.NewGuid();
        var payload = DataChannelPayloads.Serialize(new ChannelClosed(id.ToString(), at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            "", sessionId, MessageTypes.ChannelClosed, 1, output));
        var frame = new byte[ClientMessageCodec.GetFrameLength(payload.Length)];
        ClientMessageCodec.Encode(frame, new ClientMessageHeader(MessageTypes.ChannelClosed, 1, (ulong)at.ToUnixTimeMilliseconds(), 0, 0, id, PayloadType.Output), payload);
        return frame;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "data channel for session {SessionId} ({Role}) refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string sessionId, StreamTokenRole role, string reason);
}
