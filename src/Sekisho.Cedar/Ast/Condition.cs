using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary>A <c>when { Body }</c> clause, or <c>unless { Body }</c> when <see cref="IsWhen"/> is false.</summary>
public sealed record Condition(bool IsWhen, Expr Body, SourceSpan Span);
