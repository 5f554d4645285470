using Sekisho.Agent.Connection;
using Sekisho.Agent.Sessions;

namespace Sekisho.Agent.Host;

/// <summary>What every session of a running agent shares.</summary>
internal sealed record AgentSessionEnvironment(
    string InstanceId,
    Uri Server,
    ServerTrust Trust,
    IReadOnlyList<ISessionWorker> Workers,
    AgentLog Log,
    TimeProvider Time);
