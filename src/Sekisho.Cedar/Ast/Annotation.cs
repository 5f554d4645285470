using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary>An annotation <c>@Key("Value")</c>; a bare <c>@Key</c> has a null <see cref="Value"/>.</summary>
public sealed record Annotation(string Key, string? Value, SourceSpan Span);
