namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>A <c>when</c> or <c>unless</c> clause of a generated policy.</summary>
public sealed record FuzzCondition(bool When, FuzzExpr Body);
