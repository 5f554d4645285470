using Sekisho.Agent.RunAs;

namespace Sekisho.Agent.Sessions;

/// <summary>What the agent host gives the workers it creates (<see cref="SessionWorkerRegistration.CreateDefault"/>).</summary>
public sealed record SessionWorkerServices
{
    public AgentLog Log { get; init; } = AgentLog.Null;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Run As: the OS users sessions run as (shell and command workers).</summary>
    public RunAsUsers Users { get; init; } = new();
}
