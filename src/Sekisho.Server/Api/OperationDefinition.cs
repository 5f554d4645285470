namespace Sekisho.Server.Api;

/// <summary>A registered operation: its handler and its authorization declaration (null only for the few
/// operations AWS never authorizes, such as sts:GetCallerIdentity).</summary>
public sealed record OperationDefinition(string Service, string Operation, OperationHandler Handler, AuthorizationDeclaration? Authorization);
