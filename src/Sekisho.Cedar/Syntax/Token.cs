namespace Sekisho.Cedar.Syntax;

/// <summary>A token: its kind, its raw text (a string token keeps its quotes and escapes) and where it is.</summary>
public readonly record struct Token(TokenKind Kind, string Text, SourceSpan Span)
{
    /// <summary>How the token is named in error messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfInput => "end of input",
        TokenKind.String => "string literal " + Text,
        TokenKind.Integer => "integer literal " + Text,
        TokenKind.Identifier => "identifier `" + Text + "`",
        _ => "`" + Text + "`",
    };
}
