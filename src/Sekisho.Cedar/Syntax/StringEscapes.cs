using System.Globalization;
using System.Text;
using Sekisho.Cedar.Ast;

namespace Sekisho.Cedar.Syntax;

/// <summary>
/// Cedar's string escapes (those of Rust string literals): <c>\n \r \t \\ \0 \' \"</c>, <c>\x7F</c> (ASCII
/// only), <c>\u{10FFFF}</c>; in <c>like</c> patterns also <c>\*</c> for a literal star.
/// </summary>
public static class StringEscapes
{
    /// <summary>The value of string token <paramref name="token"/> (with its quotes).</summary>
    public static string Unescape(Token token)
    {
        var sb = new StringBuilder(token.Text.Length);
        Walk(token, (c, escapedStar) => sb.Append(escapedStar ? '*' : c), allowStar: false);
        return sb.ToString();
    }

    /// <summary>The pattern of a <c>like</c> string token: unescaped <c>*</c> is the wildcard.</summary>
    public static Pattern UnescapePattern(Token token)
    {
        var elements = new List<PatternElement>(token.Text.Length);
        Walk(token, (c, escaped) => elements.Add(!escaped && c == '*' ? PatternElement.Wildcard : PatternElement.Literal(c)), allowStar: true);
        return new Pattern(elements);
    }

    private static void Walk(Token token, Action<char, bool> emit, bool allowStar)
    {
        var s = token.Text;
        var i = 1;
        var end = s.Length - 1;
        while (i < end)
        {
            var c = s[i];
            if (c != '\\')
            {
                emit(c, false);
                i++;
                continue;
            }
            var at = Position(token, i);
            if (i + 1 >= end) throw new CedarParseException("invalid escape `\\` at the end of a string", at);
            var e = s[i + 1];
            i += 2;
            switch (e)
            {
                case 'n': emit('\n', false); break;
                case 'r': emit('\r', false); break;
                case 't': emit('\t', false); break;
                case '0': emit('\0', false); break;
                case '\\': emit('\\', false); break;
                case '\'': emit('\'', false); break;
                case '"': emit('"', false); break;
                case '*' when allowStar: emit('*', true); break;
                case 'x':
                    {
                        if (i + 2 > end || !int.TryParse(s.AsSpan(i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
                            throw new CedarParseException("invalid escape `\\x`: expected two hex digits", at);
                        if (v > 0x7F) throw new CedarParseException($"invalid escape `\\x{s.Substring(i, 2)}`: must be at most \\x7F", at);
                        emit((char)v, false);
                        i += 2;
                        break;
                    }
                case 'u':
                    {
                        var close = i < end && s[i] == '{' ? s.IndexOf('}', i) : -1;
                        if (close < 0 || close > end || close - i - 1 is < 1 or > 6 ||
                            !int.TryParse(s.AsSpan(i + 1, close - i - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp) ||
                            !Rune.IsValid(cp))
                            throw new CedarParseException("invalid escape `\\u`: expected `\\u{...}` with 1 to 6 hex digits of a Unicode scalar value", at);
                        var rune = new Rune(cp);
                        Span<char> buf = stackalloc char[2];
                        var n = rune.EncodeToUtf16(buf);
                        for (var k = 0; k < n; k++) emit(buf[k], false);
                        i = close + 1;
                        break;
                    }
                case '\n':
                    // A backslash before a newline continues the string: the newline and the next line's indent are dropped.
                    while (i < end && char.IsWhiteSpace(s[i])) i++;
                    break;
                default:
                    throw new CedarParseException($"invalid escape `\\{e}`", at);
            }
        }
    }

    private static SourceSpan Position(Token token, int offset)
    {
        var line = token.Span.Line;
        var col = token.Span.Column;
        for (var k = 0; k < offset; k++)
        {
            if (token.Text[k] == '\n')
            {
                line++;
                col = 1;
            }
            else
            {
                col++;
            }
        }
        return new SourceSpan(token.Span.Start + offset, token.Span.Start + offset + 1, line, col);
    }
}
