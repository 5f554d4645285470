using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Sekisho.Agent.Connection;
using Sekisho.Agent.Sessions;
using Sekisho.Agent.State;
using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Agent.Host;

/// <summary>
/// <c>sekisho agent run</c>: node credentials (renewed in memory), the control WebSocket (SigV4-signed upgrade,
/// <c>hello</c>, reconnect with backoff and jitter), one <see cref="AgentSession"/> per <c>start_session</c>, and a
/// clean stop on <c>deregistered</c>. Returns an <see cref="AgentExitCodes"/> value.
/// </summary>
public sealed class AgentRunner
{
    private readonly AgentRunOptions _options;
    private readonly AgentLog _log;
    private readonly ConcurrentDictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);
    private readonly Channel<AgentControlMessage> _outbox = Channel.CreateUnbounded<AgentControlMessage>();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AgentRunner(AgentRunOptions options, AgentLog log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        _options = options;
        _log = log;
    }

    /// <summary>Completes once the first <c>hello</c> was sent (for <c>sekisho dev</c> and tests).</summary>
    public Task Connected => _connected.Task;

    /// <summary>The node's instance id, once the state was loaded.</summary>
    public string? InstanceId { get; private set; }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var state = new AgentStateDir(_options.StateDir);
        AgentIdentity identity;
        ECDsa key;
        try
        {
            (identity, key) = state.Load();
        }
        catch (AgentException e)
        {
            _log.Error(e.Message);
            return AgentExitCodes.Failed;
        }
        using (key)
        {
            InstanceId = identity.InstanceId;
            var server = new Uri(identity.ServerUrl);
            var trust = new ServerTrust(identity.ServerCertificateSha256);
            using var client = new AgentServerClient(server, trust);
            var credentials = new NodeCredentials(ct => client.GetCredentialsAsync(identity.InstanceId, key, _options.Time.GetUtcNow(), ct), _options.Time, _log);
            var workers = _options.Workers ?? SessionWorkerRegistration.CreateDefault(new SessionWorkerServices
            {
                Log = _log,
                Time = _options.Time,
                Users = new RunAs.RunAsUsers(log: _log),
            });
            var env = new AgentSessionEnvironment(identity.InstanceId, server, trust, workers, _log, _options.Time);
            _log.Info($"agent {PlatformInfo.AgentVersion} starting as {identity.InstanceId} (account {identity.AccountId}, region {identity.Region}) with {server}");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                await FirstCredentialsAsync(credentials, stop.Token).ConfigureAwait(false);
                var renewal = credentials.RunRenewalLoopAsync(stop.Token);
                var control = ControlLoopAsync(identity, server, trust, credentials, env, stop.Token);
                var first = await Task.WhenAny(renewal, control).ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                await first.ConfigureAwait(false); // throws the deregistration, if that is what ended it
                return AgentExitCodes.Stopped;
            }
            catch (AgentException e) when (e.IsDeregistered)
            {
                _log.Error($"node {identity.InstanceId} was deregistered ({e.Message}); stopping for good. Register again with 'sekisho agent register --force' and a new activation.");
                return AgentExitCodes.Deregistered;
            }
            catch (AgentException e)
            {
                _log.Error(e.Message);
                return AgentExitCodes.Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _log.Info("agent stopping");
                return AgentExitCodes.Stopped;
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await StopSessionsAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The first credentials: retried with backoff while the server is unreachable, fatal when it refuses.</summary>
    private async Task FirstCredentialsAsync(NodeCredentials credentials, CancellationToken cancellationToken)
    {
        var backoff = NewBackoff();
        while (true)
        {
            try
            {
                await credentials.RefreshAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AgentException e) when (e.Code is null)
            {
                var delay = backoff.Next();
                _log.Warn($"{e.Message}; retrying in {delay.TotalSeconds:0.#} s");
                await Task.Delay(delay, _options.Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private ReconnectBackoff NewBackoff() => _options.Backoff?.Invoke() ?? ReconnectBackoff.ControlChannel();

    private async Task ControlLoopAsync(AgentIdentity identity, Uri server, ServerTrust trust, NodeCredentials credentials,
        AgentSessionEnvironment env, CancellationToken cancellationToken)
    {
        var backoff = NewBackoff();
        var uri = AgentWebSockets.WebSocketUri(server, AgentEndpoints.Control);
        while (true)
        {
            string why;
            using (var socket = AgentWebSockets.Create(trust))
            {
                try
                {
                    AgentWebSockets.Sign(socket, uri, credentials.Current, identity.Region, _options.Time.GetUtcNow());
                    await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
                    _log.Info($"control channel connected to {uri}");
                    why = await RunConnectionAsync(socket, env, backoff, cancellationToken).ConfigureAwait(false);
                }
                catch (WebSocketException e) when (!cancellationToken.IsCancellationRequested)
                {
                    why = e.Message;
                    if (socket.HttpStatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
                    {
                        // Expired, voided or unknown credentials look alike here: fresh ones either work or say why.
                        why = $"the server refused the control channel (HTTP {(int)socket.HttpStatusCode})";
                        try
                        {
                            await credentials.RefreshAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch (AgentException refresh) when (!refresh.IsDeregistered)
                        {
                            why += $"; renewing credentials failed too: {refresh.Message}";
                        }
                    }
                }
                catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
                {
                    why = e.Message;
                }
            }
            var delay = backoff.Next();
            _log.Warn($"control channel down ({why}); reconnecting in {delay.TotalSeconds:0.#} s");
            await Task.Delay(delay, _options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one control connection until it breaks; returns why. Throws on <c>deregistered</c>.</summary>
    private async Task<string> RunConnectionAsync(ClientWebSocket socket, AgentSessionEnvironment env, ReconnectBackoff backoff,
        CancellationToken cancellationToken)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var hello = new AgentControlMessage
        {
            Type = AgentMessageTypes.Hello,
            AgentVersion = PlatformInfo.AgentVersion,
            PlatformName = PlatformInfo.Name,
            PlatformType = "Linux",
            PlatformVersion = PlatformInfo.Version,
            ComputerName = Environment.MachineName,
            IpAddress = PlatformInfo.IpAddress(),
        };
        await SendAsync(socket, hello, cancellationToken).ConfigureAwait(false);
        backoff.Reset();
        _connected.TrySetResult();
        var writer = WriteOutboxAsync(socket, connection.Token);
        try
        {
            while (true)
            {
                var received = await AgentWebSockets.ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
                if (received is not { } m)
                {
                    return $"closed by the server: {socket.CloseStatusDescription}";
                }
                AgentControlMessage? message = null;
                try
                {
                    if (m.Type == WebSocketMessageType.Text)
                    {
                        message = JsonSerializer.Deserialize(m.Buffer.AsSpan(0, m.Length), AgentChannelJsonContext.Default.AgentControlMessage);
                    }
                }
                catch (JsonException e)
                {
                    _log.Warn($"ignored a control message that is not valid JSON: {e.Message}");
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(m.Buffer);
                }
                if (message is not null)
                {
                    Handle(message, env, cancellationToken);
                }
            }
        }
        catch (WebSocketException e) when (!cancellationToken.IsCancellationRequested)
        {
            return e.Message;
        }
        finally
        {
            await connection.CancelAsync().ConfigureAwait(false);
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                // The connection is over; unsent reports stay in the outbox for the next one.
            }
        }
    }

    private void Handle(AgentControlMessage message, AgentSessionEnvironment env, CancellationToken cancellationToken)
    {
        switch (message.Type)
        {
            case AgentMessageTypes.StartSession when message.SessionId is { Length: > 0 } id:
                var session = new AgentSession(message, env, Report);
                if (!_sessions.TryAdd(id, session))
                {
                    return; // a repeated start after a reconnect: the session already runs
                }
                _log.Info($"session {id}: start_session ({message.SessionType}, document {message.DocumentName})");
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await session.RunAsync(cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        _sessions.TryRemove(id, out _);
                    }
                }, CancellationToken.None);
                break;
            case AgentMessageTypes.TerminateSession when message.SessionId is { } id:
                if (_sessions.TryGetValue(id, out var running))
                {
                    running.Terminate(message.Message);
                }
                break;
            case AgentMessageTypes.Deregistered:
                throw new AgentException(message.Message ?? "the server says this node is deregistered", "NodeDeregistered");
            default:
                _log.Warn($"ignored control message of type '{message.Type}'");
                break;
        }
    }

    private void Report(AgentControlMessage message) => _outbox.Writer.TryWrite(message);

    private async Task WriteOutboxAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var reader = _outbox.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Peek, send, then take: a report whose send failed goes out on the next connection.
            while (reader.TryPeek(out var message))
            {
                await SendAsync(socket, message, cancellationToken).ConfigureAwait(false);
                reader.TryRead(out _);
            }
        }
    }

    private readonly SemaphoreSlim _sendGate = new(1, 1);

    private async Task SendAsync(ClientWebSocket socket, AgentControlMessage message, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, AgentChannelJsonContext.Default.AgentControlMessage);
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task StopSessionsAsync()
    {
        foreach (var session in _sessions.Values)
        {
            session.Terminate("the agent is stopping");
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!_sessions.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
