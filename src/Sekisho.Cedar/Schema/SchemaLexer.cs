using System.Globalization;
using System.Text;

namespace Sekisho.Cedar.Schema;

/// <summary>Splits the human-readable schema format into tokens, skipping whitespace and <c>//</c> comments.</summary>
internal static class SchemaLexer
{
    public static List<SchemaToken> Tokenize(string text)
    {
        var tokens = new List<SchemaToken>();
        var i = 0;
        var line = 1;
        var lineStart = 0;
        while (true)
        {
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\n')
                {
                    i++;
                    line++;
                    lineStart = i;
                }
                else if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    while (i < text.Length && text[i] != '\n') i++;
                }
                else
                {
                    break;
                }
            }
            var column = i - lineStart + 1;
            if (i >= text.Length)
            {
                tokens.Add(new SchemaToken(SchemaTokenKind.End, "", line, column));
                return tokens;
            }
            var ch = text[i];
            if (ch == '_' || char.IsAsciiLetter(ch))
            {
                var start = i;
                while (i < text.Length && (text[i] == '_' || char.IsAsciiLetterOrDigit(text[i]))) i++;
                tokens.Add(new SchemaToken(SchemaTokenKind.Identifier, text[start..i], line, column));
            }
            else if (char.IsAsciiDigit(ch))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                tokens.Add(new SchemaToken(SchemaTokenKind.Number, text[start..i], line, column));
            }
            else if (ch == '"')
            {
                tokens.Add(new SchemaToken(SchemaTokenKind.String, ReadString(text, ref i, ref line, ref lineStart, column), line, column));
            }
            else if (ch == ':' && i + 1 < text.Length && text[i + 1] == ':')
            {
                tokens.Add(new SchemaToken(SchemaTokenKind.Punct, "::", line, column));
                i += 2;
            }
            else if (",;:{}[]<>=?@()".Contains(ch, StringComparison.Ordinal))
            {
                tokens.Add(new SchemaToken(SchemaTokenKind.Punct, ch.ToString(), line, column));
                i++;
            }
            else
            {
                throw new SchemaException($"unexpected character `{ch}`", line, column);
            }
        }
    }

    private static string ReadString(string text, ref int i, ref int line, ref int lineStart, int column)
    {
        var startLine = line;
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length) throw new SchemaException("unterminated string literal", startLine, column);
            var c = text[i];
            if (c == '"')
            {
                i++;
                return sb.ToString();
            }
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            if (c != '\\')
            {
                sb.Append(c);
                i++;
                continue;
            }
            var escLine = line;
            var escColumn = i - lineStart + 1;
            if (i + 1 >= text.Length) throw new SchemaException("unterminated string literal", startLine, column);
            var e = text[i + 1];
            i += 2;
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case '0': sb.Append('\0'); break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'u':
                {
                    if (i >= text.Length || text[i] != '{') throw new SchemaException("invalid unicode escape: expected `{` after `\\u`", escLine, escColumn);
                    var close = text.IndexOf('}', i);
                    var hex = close < 0 ? "" : text[(i + 1)..close];
                    if (hex.Length is 0 or > 6 || !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                        || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
                    {
                        throw new SchemaException($"invalid unicode escape `\\u{{{hex}}}`", escLine, escColumn);
                    }
                    sb.Append(char.ConvertFromUtf32(code));
                    i = close + 1;
                    break;
                }
                default:
                    throw new SchemaException($"invalid escape `\\{e}` in string literal", escLine, escColumn);
            }
        }
    }
}
