using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Sekisho.Cli.Aws;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// The client end of a Session Manager data channel: opens the WebSocket to StreamUrl with the stream token (the
/// TEXT open frame), runs the client's reliable channel (sequence numbers, acks, resends) and handshake, and after
/// a broken socket calls ResumeSession and reconnects, resending what is unacknowledged so nothing is lost or
/// repeated. Output payloads are readable from <see cref="Stream"/>'s input, StdErr payloads from
/// <see cref="StandardError"/>; flags arrive on <see cref="Flags"/>; <see cref="Completion"/> says how it ended
/// (channel_closed, the exit code, or an error).
/// </summary>
public sealed class DataChannelClient : IAsyncDisposable
{
    private readonly DataChannelClientOptions _options;
    private readonly ReliableChannel _channel;
    private readonly ClientHandshake _handshake;
    private readonly Pipe _stderr = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly Channel<SessionFlag> _flags = Channel.CreateUnbounded<SessionFlag>();
    private readonly TaskCompletionSource<SessionTypeInfo> _type = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SessionEnd> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _sync = new();
    private readonly string _clientId = Guid.NewGuid().ToString();
    private Task _run = Task.CompletedTask;
    private Task _retransmit = Task.CompletedTask;
    private WebSocket? _socket;
    private bool _finished;
    private int? _exitCode;
    private int _reconnects;
    private bool _disposed;

    public DataChannelClient(DataChannelClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        SessionId = options.Stream.SessionId;
        _handshake = new ClientHandshake(fastMode: options.FastMode);
        _channel = new ReliableChannel(options.Channel, new Handler(this), options.Time);
        Stream = new ReliableChannelPipe(_channel, options.MaxPayload);
    }

    public string SessionId { get; }

    /// <summary>The Output byte stream: read remote output from <c>Input</c>, write keystrokes or tunnel bytes to <c>Output</c>.</summary>
    public ReliableChannelPipe Stream { get; }

    /// <summary>StdErr payloads (non-interactive commands).</summary>
    public PipeReader StandardError => _stderr.Reader;

    /// <summary>Flag payloads from the agent (e.g. ConnectToPortError).</summary>
    public ChannelReader<SessionFlag> Flags => _flags.Reader;

    /// <summary>Completes when the session type is known: after the handshake, or at a plain shell's first Output.</summary>
    public Task<SessionTypeInfo> SessionType => _type.Task;

    /// <summary>Completes when the channel ends: channel_closed, or an error that a resume could not mend.</summary>
    public Task<SessionEnd> Completion => _end.Task;

    /// <summary>The handshake's message for the user (printed by the stock plugin when not empty).</summary>
    public string? CustomerMessage => _handshake.CustomerMessage;

    /// <summary>The fast-mode settings in use once the handshake completed with Sekisho's agent; null in the stock mode.</summary>
    public FastModeSettings? FastMode => _channel.FastMode;

    /// <summary>How many times the socket was resumed.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>The exit code from an ExitCode payload, once one arrived.</summary>
    public int? ExitCode { get { lock (_sync) { return _exitCode; } } }

    /// <summary>Opens the data channel; returns once the socket is open and the open frame sent.</summary>
    /// <exception cref="CliException">The socket could not be opened.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var socket = await OpenAsync(_options.Stream, cancellationToken).ConfigureAwait(false);
        _run = RunAsync(socket);
        _retransmit = RetransmitAsync(_stop.Token);
    }

    /// <summary>Sends the terminal size (a Size payload).</summary>
    public Task SendSizeAsync(TerminalSize size, CancellationToken cancellationToken) =>
        SendAsync(PayloadType.Size, DataChannelPayloads.Serialize(size), cancellationToken);

    /// <summary>Sends a Flag payload (e.g. TerminateSession, DisconnectToPort).</summary>
    public Task SendFlagAsync(SessionFlag flag, CancellationToken cancellationToken)
    {
        var payload = new byte[4];
        DataChannelPayloads.WriteFlag(payload, flag);
        return SendAsync(PayloadType.Flag, payload, cancellationToken);
    }

    /// <summary>Sends one payload of any type, waiting while the send buffer is full.</summary>
    public async Task SendAsync(PayloadType payloadType, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        while (!_channel.TrySend(payloadType, payload.Span))
        {
            await _channel.WaitForSendSpaceAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until everything sent was acknowledged (or <paramref name="timeout"/> passes).</summary>
    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _options.Time.GetTimestamp();
        while (_channel.UnacknowledgedCount > 0 && !_end.Task.IsCompleted)
        {
            if (_options.Time.GetElapsedTime(deadline) > timeout) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(20), _options.Time, cancellationToken).ConfigureAwait(false);
        }
        return _channel.UnacknowledgedCount == 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Finish(null, "the client closed the session");
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_socket is { } socket)
        {
            socket.Abort();
        }
        await IgnoreCancellation(_run).ConfigureAwait(false);
        await IgnoreCancellation(_retransmit).ConfigureAwait(false);
        await Stream.DisposeAsync().ConfigureAwait(false);
        _channel.Dispose();
        _stop.Dispose();
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Disposal cancels the loops on purpose.
        }
    }

    private async Task<WebSocket> OpenAsync(SessionStream stream, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(stream.StreamUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "ws" && uri.Scheme != "wss"))
        {
            throw new CliException($"the StreamUrl '{stream.StreamUrl}' of session {SessionId} is not a ws:// or wss:// URL");
        }
        var socket = new ClientWebSocket();
        _options.ConfigureWebSocket?.Invoke(socket.Options);
        try
        {
            StartupTrace.Mark("websocket connecting");
            await (_options.Invoker is { } invoker
                ? socket.ConnectAsync(uri, invoker, cancellationToken)
                : socket.ConnectAsync(uri, cancellationToken)).ConfigureAwait(false);
            StartupTrace.Mark("websocket open");
            var open = DataChannelPayloads.Serialize(new OpenDataChannelInput("1.0", Guid.NewGuid().ToString(), stream.TokenValue,
                _clientId, DataChannelVersions.Client));
            await socket.SendAsync(open, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            StartupTrace.Mark("token sent");
        }
        catch (WebSocketException e)
        {
            socket.Dispose();
            throw new CliException($"cannot open the data channel of session {SessionId} at {uri.GetLeftPart(UriPartial.Path)}: {e.Message}" +
                                   (e.InnerException is { } inner ? " (" + inner.Message + ")" : ""), e);
        }
        _socket = socket;
        return socket;
    }

    private async Task RunAsync(WebSocket socket)
    {
        while (true)
        {
            var sink = new WebSocketFrameSink(socket, _stop.Token);
            await using (sink.ConfigureAwait(false))
            {
                _channel.Attach(sink);
                await ReceiveAsync(socket).ConfigureAwait(false);
                _channel.Detach();
                sink.Complete();
                await sink.Completion.ConfigureAwait(false);
            }
            socket.Dispose();
            if (_end.Task.IsCompleted || _stop.IsCancellationRequested)
            {
                return;
            }
            var resumed = await ResumeAsync().ConfigureAwait(false);
            if (resumed is null)
            {
                return;
            }
            socket = resumed;
        }
    }

    private async Task<WebSocket?> ResumeAsync()
    {
        var delay = _options.ResumeBackoff;
        string? lastError = null;
        for (var attempt = 1; attempt <= _options.MaxResumeAttempts; attempt++)
        {
            try
            {
                await Task.Delay(delay, _options.Time, _stop.Token).ConfigureAwait(false);
                if (_options.Log is { } log)
                {
                    await log.WriteLineAsync($"\r\nsekisho: the data channel of {SessionId} broke; resuming (attempt {attempt})\r").ConfigureAwait(false);
                }
                var stream = await _options.ResumeAsync(_stop.Token).ConfigureAwait(false);
                var socket = await OpenAsync(stream, _stop.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _reconnects);
                return socket;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (AwsServiceException e)
            {
                // The service refused to resume (terminated, expired, denied): retrying will not change its mind.
                Finish(null, e.Message);
                return null;
            }
            catch (CliException e)
            {
                lastError = e.Message;
            }
            delay *= 2;
        }
        Finish(null, $"the data channel of session {SessionId} broke and could not be resumed after {_options.MaxResumeAttempts} attempts: {lastError}");
        return null;
    }

    private async Task ReceiveAsync(WebSocket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                length += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    if (!_type.Task.IsCompleted) StartupTrace.Mark("frame before the session type");
                    Deliver(buffer.AsSpan(0, length));
                }
                length = 0;
                if (_end.Task.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // A broken socket: RunAsync resumes unless the session is over.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Deliver(ReadOnlySpan<byte> frame)
    {
        try
        {
            _channel.Receive(frame);
        }
        catch (ClientMessageException e)
        {
            // A malformed frame changes nothing; its sender resends stream data, so skipping it is safe.
            _options.Log?.WriteLine($"\r\nsekisho: ignored a malformed data-channel frame: {e.Message}\r");
        }
        catch (HandshakeException e)
        {
            Finish(null, $"the agent's handshake went wrong: {e.Message}");
        }
    }

    private async Task RetransmitAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !_end.Task.IsCompleted)
        {
            await Task.Delay(_options.Channel.ResendInterval, _options.Time, cancellationToken).ConfigureAwait(false);
            _channel.Tick();
            if (_channel.ResendTimedOut)
            {
                Finish(null, $"the agent of session {SessionId} stopped acknowledging data");
                _socket?.Abort();
                return;
            }
        }
    }

    private void Finish(string? channelClosedOutput, string? error)
    {
        lock (_sync)
        {
            if (_finished)
            {
                return;
            }
            _finished = true;
            Stream.CompleteInput();
            _stderr.Writer.Complete();
            _flags.Writer.TryComplete();
            _type.TrySetException(new CliException(error ?? "the session ended before the agent said what kind it is"));
            _end.TrySetResult(new SessionEnd(channelClosedOutput, _exitCode, channelClosedOutput is null ? error : null));
        }
    }

    private void SetType()
    {
        var requested = _handshake.RequestedSessionType ?? SessionTypes.StandardStream;
        _type.TrySetResult(new SessionTypeInfo(_handshake.SessionType ?? SessionTypes.StandardStream, requested,
            _handshake.Properties, _handshake.AgentVersion));
    }

    private sealed class Handler(DataChannelClient client) : IReliableChannelHandler
    {
        public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
            var handshake = client._handshake;
            switch (header.PayloadType)
            {
                case PayloadType.HandshakeRequest:
                    var response = handshake.HandleRequest(payload);
                    // Called under the channel's lock, which the channel allows for sends; a full buffer would only
                    // mean the agent never acknowledged 10,000 messages, and then the session is lost anyway.
                    client._channel.TrySend(PayloadType.HandshakeResponse, response);
                    return true;
                case PayloadType.HandshakeComplete:
                    handshake.HandleComplete(payload);
                    if (handshake.FastMode is { } fast)
                    {
                        // Both ends agreed in the handshake; the agent switched when it sent HandshakeComplete.
                        client._channel.EnableFastMode(fast);
                    }
                    client.SetType();
                    return true;
                case PayloadType.Output:
                    if (!handshake.ObserveData(PayloadType.Output))
                    {
                        return true;
                    }
                    client.SetType();
                    lock (client._sync)
                    {
                        return client._finished || client.Stream.TryAccept(payload);
                    }
                case PayloadType.StdErr or PayloadType.Error:
                    if (!handshake.ObserveData(header.PayloadType))
                    {
                        return true;
                    }
                    lock (client._sync)
                    {
                        if (!client._finished)
                        {
                            client._stderr.Writer.Write(payload);
                            _ = client._stderr.Writer.FlushAsync();
                        }
                    }
                    return true;
                case PayloadType.ExitCode:
                    lock (client._sync)
                    {
                        client._exitCode = DataChannelPayloads.ReadExitCode(payload);
                    }
                    return true;
                case PayloadType.Flag:
                    client._flags.Writer.TryWrite(DataChannelPayloads.ReadFlag(payload));
                    return true;
                default:
                    return true;
            }
        }

        public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
            if (header.MessageType == MessageTypes.ChannelClosed)
            {
                var closed = DataChannelPayloads.ReadChannelClosed(payload);
                client.Finish(closed.Output ?? "", null);
            }
        }
    }
}
