using Sekisho.Agent.Sessions;
using Sekisho.Agent.State;

namespace Sekisho.Agent.Host;

/// <summary>The inputs of <c>sekisho agent run</c> (and of the agent <c>sekisho dev</c> runs in-process).</summary>
public sealed record AgentRunOptions
{
    public string StateDir { get; init; } = AgentStateDir.DefaultPath;

    /// <summary>The session workers; null for <see cref="SessionWorkerRegistration.CreateDefault"/>.</summary>
    public IReadOnlyList<ISessionWorker>? Workers { get; init; }

    /// <summary>Reconnect delays of the control channel; null for 1 s doubling to 30 s with jitter.</summary>
    public Func<Connection.ReconnectBackoff>? Backoff { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
