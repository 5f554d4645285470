namespace Sekisho.Cedar.Syntax;

/// <summary>Splits Cedar policy text into tokens, skipping whitespace and <c>//</c> comments.</summary>
public static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>(text.Length / 3);
        int pos = 0, line = 1, lineStart = 0;
        while (true)
        {
            // Skip whitespace and comments, tracking lines.
            while (pos < text.Length)
            {
                var c = text[pos];
                if (c == '\n')
                {
                    pos++;
                    line++;
                    lineStart = pos;
                }
                else if (char.IsWhiteSpace(c))
                {
                    pos++;
                }
                else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '/')
                {
                    while (pos < text.Length && text[pos] != '\n') pos++;
                }
                else
                {
                    break;
                }
            }
            var start = pos;
            var span = new SourceSpan(start, start, line, start - lineStart + 1);
            if (pos >= text.Length)
            {
                tokens.Add(new Token(TokenKind.EndOfInput, "", span));
                return tokens;
            }
            var ch = text[pos];
            TokenKind kind;
            if (IsIdentStart(ch))
            {
                pos++;
                while (pos < text.Length && IsIdentPart(text[pos])) pos++;
                kind = TokenKind.Identifier;
            }
            else if (ch is >= '0' and <= '9')
            {
                pos++;
                while (pos < text.Length && text[pos] is >= '0' and <= '9') pos++;
                kind = TokenKind.Integer;
            }
            else if (ch == '"')
            {
                pos++;
                while (true)
                {
                    if (pos >= text.Length) throw new CedarParseException("unterminated string literal", span);
                    var s = text[pos];
                    if (s == '"') { pos++; break; }
                    if (s == '\\') pos++;
                    if (pos < text.Length && text[pos] == '\n')
                    {
                        line++;
                        lineStart = pos + 1;
                    }
                    pos++;
                }
                kind = TokenKind.String;
            }
            else if (ch == '?')
            {
                pos++;
                while (pos < text.Length && IsIdentPart(text[pos])) pos++;
                var name = text[(start + 1)..pos];
                if (name != "principal" && name != "resource")
                    throw new CedarParseException($"invalid template slot `?{name}`: expected `?principal` or `?resource`", span);
                kind = TokenKind.Slot;
            }
            else
            {
                var next = pos + 1 < text.Length ? text[pos + 1] : '\0';
                (kind, var len) = (ch, next) switch
                {
                    ('(', _) => (TokenKind.LeftParen, 1),
                    (')', _) => (TokenKind.RightParen, 1),
                    ('[', _) => (TokenKind.LeftBracket, 1),
                    (']', _) => (TokenKind.RightBracket, 1),
                    ('{', _) => (TokenKind.LeftBrace, 1),
                    ('}', _) => (TokenKind.RightBrace, 1),
                    (',', _) => (TokenKind.Comma, 1),
                    (';', _) => (TokenKind.Semicolon, 1),
                    ('.', _) => (TokenKind.Dot, 1),
                    (':', ':') => (TokenKind.DoubleColon, 2),
                    (':', _) => (TokenKind.Colon, 1),
                    ('@', _) => (TokenKind.At, 1),
                    ('=', '=') => (TokenKind.EqEq, 2),
                    ('!', '=') => (TokenKind.NotEq, 2),
                    ('!', _) => (TokenKind.Bang, 1),
                    ('<', '=') => (TokenKind.LessEq, 2),
                    ('<', _) => (TokenKind.Less, 1),
                    ('>', '=') => (TokenKind.GreaterEq, 2),
                    ('>', _) => (TokenKind.Greater, 1),
                    ('&', '&') => (TokenKind.AndAnd, 2),
                    ('|', '|') => (TokenKind.OrOr, 2),
                    ('+', _) => (TokenKind.Plus, 1),
                    ('-', _) => (TokenKind.Minus, 1),
                    ('*', _) => (TokenKind.Star, 1),
                    _ => throw new CedarParseException(ch == '='
                        ? "unexpected `=`: Cedar compares with `==`"
                        : $"unexpected character `{ch}`", span),
                };
                pos += len;
            }
            tokens.Add(new Token(kind, text[start..pos], span with { End = pos }));
        }
    }

    private static bool IsIdentStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsIdentPart(char c) => IsIdentStart(c) || c is >= '0' and <= '9';
}
