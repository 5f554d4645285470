using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.Signing;

namespace Sekisho.Agent.Connection;

/// <summary>
/// The node's temporary credentials, in memory only: fetched with the node key, renewed at 80 % of their life, and
/// retried with backoff when the server cannot be reached (the current ones stay in use until they expire).
/// Never logged, never written, never given to a session's environment.
/// </summary>
public sealed class NodeCredentials
{
    /// <summary>The fraction of a credential's life after which it is renewed.</summary>
    public const double RenewalPoint = 0.8;

    private readonly Func<CancellationToken, Task<AgentCredentialsResponse>> _fetch;
    private readonly TimeProvider _time;
    private readonly AgentLog _log;
    private readonly Lock _gate = new();
    private SigV4Credentials? _current;
    private DateTimeOffset _expiration;
    private DateTimeOffset _renewAt;

    public NodeCredentials(Func<CancellationToken, Task<AgentCredentialsResponse>> fetch, TimeProvider time, AgentLog log)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        _fetch = fetch;
        _time = time ?? TimeProvider.System;
        _log = log ?? AgentLog.Null;
    }

    /// <summary>The current credentials; throws before the first <see cref="RefreshAsync"/>.</summary>
    public SigV4Credentials Current
    {
        get
        {
            lock (_gate)
            {
                return _current ?? throw new InvalidOperationException("no node credentials yet");
            }
        }
    }

    public DateTimeOffset Expiration { get { lock (_gate) { return _expiration; } } }

    public DateTimeOffset RenewAt { get { lock (_gate) { return _renewAt; } } }

    /// <summary>When credentials obtained at <paramref name="issuedAt"/> and valid until <paramref name="expiration"/> are renewed.</summary>
    public static DateTimeOffset RenewalTime(DateTimeOffset issuedAt, DateTimeOffset expiration) =>
        expiration <= issuedAt ? issuedAt : issuedAt + (expiration - issuedAt) * RenewalPoint;

    /// <summary>How long until the credentials are due for renewal (zero when overdue).</summary>
    public TimeSpan UntilRenewal()
    {
        var wait = RenewAt - _time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <exception cref="AgentException">The server refused (deregistered, bad signature) or cannot be reached.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var issuedAt = _time.GetUtcNow();
        var response = await _fetch(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _current = new SigV4Credentials(response.AccessKeyId, response.SecretAccessKey, response.SessionToken);
            _expiration = response.Expiration;
            _renewAt = RenewalTime(issuedAt, response.Expiration);
        }
        _log.Info($"node credentials obtained (access key {response.AccessKeyId}), valid until {response.Expiration:u}, renewal at {RenewAt:u}");
    }

    /// <summary>Renews for ever; ends with <see cref="AgentException"/> (IsDeregistered) when the node is deregistered.</summary>
    public async Task RunRenewalLoopAsync(CancellationToken cancellationToken)
    {
        var backoff = ReconnectBackoff.ControlChannel();
        while (true)
        {
            await Task.Delay(UntilRenewal(), _time, cancellationToken).ConfigureAwait(false);
            try
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                backoff.Reset();
            }
            catch (AgentException e) when (!e.IsDeregistered)
            {
                var delay = backoff.Next();
                _log.Warn($"renewing the node credentials failed: {e.Message}; retrying in {delay.TotalSeconds:0.#} s (current ones valid until {Expiration:u})");
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
