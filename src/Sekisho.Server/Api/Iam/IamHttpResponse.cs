namespace Sekisho.Server.Api.Iam;

/// <summary>What the query front answers: HTTP status and XML body.</summary>
public sealed record IamHttpResponse(int Status, string Body);
