using Sekisho.Agent.Sessions;
using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Cli.Tests.Tunnels;

/// <summary>A worker that runs what the test gives it (to drive a tunnel class with test-only settings).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class DelegateWorker(Func<SessionWorkerContext, CancellationToken, Task<int?>> run) : ISessionWorker
{
    public bool Handles(AgentControlMessage start) => true;

    public Task<int?> RunAsync(SessionWorkerContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
}
