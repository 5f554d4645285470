using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Sekisho.Agent.Connection;
using Sekisho.Agent.Sessions;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Host;

/// <summary>
/// One session on the agent: the data WebSocket to <c>DataUrl</c> (its first frame the token, reconnected while the
/// session lives), the agent end of the data channel with its retransmission loop, the chosen worker, and the
/// session_started / session_failed / session_ended reports on the control channel.
/// </summary>
internal sealed class AgentSession
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FinalAckTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReconnectWindow = TimeSpan.FromMinutes(5);

    /// <summary>The largest data frame read, as the server relays at most (fast mode sends up to 256 KiB payloads).</summary>
    private const int MaxDataFrameBytes = 1024 * 1024;

    /// <summary>
    /// How long the data socket stays open after session_ended: the server sends channel_closed to the client and
    /// closes both sockets itself; closing first would look like a broken channel to the client, which would resume.
    /// </summary>
    private static readonly TimeSpan ServerCloseWait = TimeSpan.FromSeconds(3);

    private readonly AgentControlMessage _start;
    private readonly AgentSessionEnvironment _env;
    private readonly Action<AgentControlMessage> _report;
    private readonly CancellationTokenSource _terminate = new();

    public AgentSession(AgentControlMessage start, AgentSessionEnvironment env, Action<AgentControlMessage> report)
    {
        _start = start;
        _env = env;
        _report = report;
    }

    public string SessionId => _start.SessionId ?? "";

    /// <summary>terminate_session: ends the worker (idempotent).</summary>
    public void Terminate(string? reason)
    {
        _env.Log.Info($"session {SessionId}: terminate requested{(reason is null ? "" : ": " + reason)}");
        try
        {
            _terminate.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    public async Task RunAsync(CancellationToken agentStopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(agentStopping, _terminate.Token);
        var worker = SessionWorkerRegistration.Select(_env.Workers, _start);
        if (worker is null)
        {
            Fail($"node {_env.InstanceId} has no worker for session type {_start.SessionType ?? "(none)"} (document {_start.DocumentName})");
            return;
        }
        if (string.IsNullOrEmpty(_start.DataUrl) || string.IsNullOrEmpty(_start.DataToken))
        {
            Fail("start_session carried no DataUrl/DataToken: the server and agent versions do not match");
            return;
        }
        await using var stream = new SessionDataStream(_start, timeProvider: _env.Time, fastModeOffer: FastModeSettings.FromEnvironment());
        using var transport = new DataTransport(this, stream, linked.Token);
        try
        {
            await transport.ConnectFirstAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException)
        {
            Fail($"node {_env.InstanceId} could not open the session's data channel: {e.Message}");
            return;
        }
        var transportLoop = transport.RunAsync();
        var retransmit = stream.Channel.RunRetransmissionLoopAsync(linked.Token);
        int? exitCode = null;
        try
        {
            stream.BeginHandshake();
            await stream.HandshakeCompleted.WaitAsync(HandshakeTimeout, linked.Token).ConfigureAwait(false);
            if (stream.Channel.FastMode is { } fast)
            {
                _env.Log.Info($"session {SessionId}: fast mode on ({fast.MaxPayload} B payloads, {fast.WindowBytes} B window, cumulative acks)");
            }
            using var workerStop = CancellationTokenSource.CreateLinkedTokenSource(linked.Token, stream.TerminateRequested, transport.Lost);
            var context = new SessionWorkerContext(_start, stream, _env.Log, _env.InstanceId, Started);
            exitCode = await worker.RunAsync(context, workerStop.Token).ConfigureAwait(false);
            if (!context.Started)
            {
                Started();
            }
            if (exitCode is { } code)
            {
                var payload = new byte[32];
                var length = DataChannelPayloads.WriteExitCode(payload, code);
                await stream.SendAsync(PayloadType.ExitCode, payload.AsMemory(0, length), linked.Token).ConfigureAwait(false);
            }
            await WaitForAcksAsync(stream.Channel).ConfigureAwait(false);
            _env.Log.Info($"session {SessionId}: ended{(exitCode is null ? "" : $" with exit code {exitCode}")}");
            transport.Ending = true;
            _report(new AgentControlMessage { Type = AgentMessageTypes.SessionEnded, SessionId = SessionId, ExitCode = exitCode });
            await CompletesWithinAsync(transportLoop, ServerCloseWait).ConfigureAwait(false);
        }
        catch (SessionFailedException e)
        {
            Fail(e.Message);
        }
        catch (HandshakeException e)
        {
            Fail($"the data-channel handshake failed: {e.Message}");
        }
        catch (TimeoutException)
        {
            Fail($"the client did not complete the data-channel handshake within {HandshakeTimeout.TotalSeconds:0} s");
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            _report(new AgentControlMessage { Type = AgentMessageTypes.SessionEnded, SessionId = SessionId, ExitCode = exitCode });
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            await Quietly(retransmit).ConfigureAwait(false);
            await transport.CloseAsync().ConfigureAwait(false);
            await Quietly(transportLoop).ConfigureAwait(false);
            _terminate.Dispose();
        }
    }

    private void Started()
    {
        _env.Log.Info($"session {SessionId}: started ({_start.SessionType}, document {_start.DocumentName}, run as {_start.RunAsUser ?? "default"})");
        _report(new AgentControlMessage { Type = AgentMessageTypes.SessionStarted, SessionId = SessionId });
    }

    private static async Task CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The server did not close the socket in time: we close it ourselves.
        }
    }

    private void Fail(string message)
    {
        _env.Log.Warn($"session {SessionId}: failed: {message}");
        _report(new AgentControlMessage { Type = AgentMessageTypes.SessionFailed, SessionId = SessionId, Message = message });
    }

    private async Task WaitForAcksAsync(ReliableChannel channel)
    {
        var deadline = _env.Time.GetUtcNow() + FinalAckTimeout;
        while (channel.UnacknowledgedCount > 0 && _env.Time.GetUtcNow() < deadline)
        {
            await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The session is over; how its loops stopped no longer matters.
        }
    }

    /// <summary>The data WebSocket of the session, replaced after a break while the session lives.</summary>
    private sealed class DataTransport(AgentSession owner, SessionDataStream stream, CancellationToken sessionToken) : IDisposable
    {
        private readonly CancellationTokenSource _lost = new();
        private ClientWebSocket? _socket;
        private WebSocketFrameSink? _sink;

        /// <summary>Cancelled when the data socket cannot be restored (or the peer stopped acknowledging).</summary>
        public CancellationToken Lost => _lost.Token;

        private volatile bool _ending;

        /// <summary>Set once the session is over: a socket the server closes now is not reconnected.</summary>
        public bool Ending
        {
            get => _ending;
            set => _ending = value;
        }

        public async Task ConnectFirstAsync()
        {
            var (socket, sink) = await ConnectAsync().ConfigureAwait(false);
            _socket = socket;
            _sink = sink;
        }

        public async Task RunAsync()
        {
            var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
            while (!sessionToken.IsCancellationRequested)
            {
                var broken = await ReadUntilBrokenAsync(_socket!).ConfigureAwait(false);
                if (sessionToken.IsCancellationRequested || Ending)
                {
                    return;
                }
                owner._env.Log.Warn($"session {owner.SessionId}: data channel broken ({broken}); reconnecting");
                stream.Channel.Detach();
                await DisposeSocketAsync().ConfigureAwait(false);
                var giveUpAt = owner._env.Time.GetUtcNow() + ReconnectWindow;
                while (true)
                {
                    try
                    {
                        await Task.Delay(backoff.Next(), owner._env.Time, sessionToken).ConfigureAwait(false);
                        (_socket, _sink) = await ConnectAsync().ConfigureAwait(false);
                        backoff.Reset();
                        owner._env.Log.Info($"session {owner.SessionId}: data channel reconnected");
                        break;
                    }
                    catch (Exception e) when (e is WebSocketException or HttpRequestException)
                    {
                        if (owner._env.Time.GetUtcNow() > giveUpAt)
                        {
                            owner._env.Log.Warn($"session {owner.SessionId}: data channel lost for good: {e.Message}");
                            await _lost.CancelAsync().ConfigureAwait(false);
                            return;
                        }
                    }
                }
            }
        }

        private async Task<string> ReadUntilBrokenAsync(ClientWebSocket socket)
        {
            // One buffer for the socket's life, grown to the largest frame seen (fast mode: 256 KiB payloads), so a
            // frame is received in place: renting per message and growing by doubling copied each large one.
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                var length = 0;
                while (true)
                {
                    if (stream.Channel.ResendTimedOut)
                    {
                        await _lost.CancelAsync().ConfigureAwait(false);
                        return "the client stopped acknowledging";
                    }
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= MaxDataFrameBytes)
                        {
                            return $"a data frame larger than {MaxDataFrameBytes} bytes arrived";
                        }
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    var result = await socket.ReceiveAsync(buffer.AsMemory(length), sessionToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return "closed by the server";
                    }
                    length += result.Count;
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }
                    try
                    {
                        if (result.MessageType == WebSocketMessageType.Binary)
                        {
                            stream.Channel.Receive(buffer.AsSpan(0, length));
                        }
                    }
                    catch (ClientMessageException e)
                    {
                        owner._env.Log.Warn($"session {owner.SessionId}: dropped a malformed frame: {e.Message}");
                    }
                    length = 0;
                }
            }
            catch (WebSocketException e)
            {
                return e.Message;
            }
            catch (OperationCanceledException)
            {
                return "session ending";
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private async Task<(ClientWebSocket, WebSocketFrameSink)> ConnectAsync()
        {
            var env = owner._env;
            var uri = AgentWebSockets.WebSocketUri(env.Server, owner._start.DataUrl!);
            var socket = AgentWebSockets.Create(env.Trust);
            try
            {
                await socket.ConnectAsync(uri, sessionToken).ConfigureAwait(false);
                var open = DataChannelPayloads.Serialize(new OpenDataChannelInput("1.0", Guid.NewGuid().ToString(),
                    owner._start.DataToken!, env.InstanceId, PlatformInfo.AgentVersion));
                await socket.SendAsync(open, WebSocketMessageType.Text, true, sessionToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            var sink = new WebSocketFrameSink(socket);
            stream.Channel.Attach(sink);
            return (socket, sink);
        }

        public async Task CloseAsync()
        {
            stream.Channel.Detach();
            if (_sink is { } sink)
            {
                await sink.FlushAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            if (_socket is { State: WebSocketState.Open } socket)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session ended", timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // Closing politely is best effort.
                }
            }
            await DisposeSocketAsync().ConfigureAwait(false);
        }

        private async Task DisposeSocketAsync()
        {
            if (_sink is { } sink)
            {
                _sink = null;
                await sink.DisposeAsync().ConfigureAwait(false);
            }
            _socket?.Dispose();
            _socket = null;
        }

        public void Dispose() => _lost.Dispose();
    }
}
