using System.Text.Json.Nodes;

namespace Sekisho.Server.Api;

/// <summary>
/// Runs one operation after authentication and authorization: translate the input, call the domain service,
/// return the output members (null for operations without output). Refuse with <see cref="AwsErrorException"/>.
/// </summary>
public delegate ValueTask<JsonObject?> OperationHandler(OperationRequest request, CancellationToken cancellationToken);
