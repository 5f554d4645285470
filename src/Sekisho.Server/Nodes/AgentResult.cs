using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Server.Nodes;

/// <summary>The answer of an agent endpoint: a value, or an HTTP status with an <see cref="AgentErrorResponse"/>.</summary>
public sealed record AgentResult<T>(T? Value, int Status, AgentErrorResponse? Error) where T : class
{
    public static AgentResult<T> Ok(T value) => new(value, 200, null);

    public static AgentResult<T> Fail(int status, string code, string message) => new(null, status, new AgentErrorResponse(code, message));
}
