namespace Sekisho.Server.Sessions;

/// <summary>A session this replica relays: its record, the attached ends, the recorder and the activity clock.</summary>
internal sealed class LiveSession(SessionRecord record, SessionRecorder? recorder)
{
    private readonly object _gate = new();
    private RelayEnd? _client;
    private RelayEnd? _agent;
    private TaskCompletionSource? _clientAttached;
    private TaskCompletionSource? _agentAttached;
    private long _lastActivity = record.StartDate.UtcTicks;
    private int _startSent;
    private int _clientSeen;
    private int _ended;

    public SessionRecord Record { get; set; } = record;

    public SessionRecorder? Recorder { get; } = recorder;

    /// <summary>Cancelled when the session ends: both pumps stop.</summary>
    public CancellationTokenSource Ending { get; } = new();

    /// <summary>Serializes recording flushes so parts are written in order.</summary>
    public SemaphoreSlim FlushLock { get; } = new(1, 1);

    public DateTimeOffset LastFlush { get; set; } = record.StartDate;

    public bool HasEnded => Volatile.Read(ref _ended) != 0;

    public RelayEnd? Client
    {
        get
        {
            lock (_gate) return _client;
        }
    }

    public RelayEnd? Agent
    {
        get
        {
            lock (_gate) return _agent;
        }
    }

    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivity), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActivity, now.UtcTicks);

    /// <summary>Attaches a new end and returns the one it replaces (to be closed).</summary>
    public RelayEnd? Attach(StreamTokenRole role, RelayEnd end)
    {
        lock (_gate)
        {
            RelayEnd? old;
            TaskCompletionSource? waiting;
            if (role == StreamTokenRole.Client) (old, _client, waiting, _clientAttached) = (_client, end, _clientAttached, null);
            else (old, _agent, waiting, _agentAttached) = (_agent, end, _agentAttached, null);
            waiting?.TrySetResult();
            return old;
        }
    }

    /// <summary>
    /// Completes when an end of <paramref name="role"/> is attached (at once if one is): a pump whose other end is away
    /// (not yet connected, resuming, reconnecting) waits on it instead of polling, so the first frames after an attach
    /// (the handshake, at every session start) are relayed without a poll interval's delay.
    /// </summary>
    public Task WhenAttachedAsync(StreamTokenRole role, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if ((role == StreamTokenRole.Client ? _client : _agent) is not null) return Task.CompletedTask;
            var waiting = role == StreamTokenRole.Client
                ? _clientAttached ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
                : _agentAttached ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return waiting.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Detaches <paramref name="end"/> if it is still the attached one.</summary>
    public bool Detach(StreamTokenRole role, RelayEnd end)
    {
        lock (_gate)
        {
            if (role == StreamTokenRole.Client && ReferenceEquals(_client, end))
            {
                _client = null;
                return true;
            }
            if (role == StreamTokenRole.Agent && ReferenceEquals(_agent, end))
            {
                _agent = null;
                return true;
            }
            return false;
        }
    }

    /// <summary>True exactly once: whoever sends start_session (StartSession here, or else the first client connection).</summary>
    public bool TryMarkStartSent() => Interlocked.Exchange(ref _startSent, 1) == 0;

    /// <summary>True exactly once, for the first client connection: any later one is a resume.</summary>
    public bool TryMarkClientSeen() => Interlocked.Exchange(ref _clientSeen, 1) == 0;

    /// <summary>True exactly once: whoever ends the session first does the ending.</summary>
    public bool TryMarkEnded() => Interlocked.Exchange(ref _ended, 1) == 0;
}
