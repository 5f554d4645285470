using System.Globalization;
using System.Text;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>Cedar source-text escaping for the strings and patterns the fuzzer prints.</summary>
public static class CedarText
{
    public static string Quote(string value) => "\"" + Escape(value, escapeStar: false) + "\"";

    /// <summary>A <c>like</c> pattern: <c>*</c> in a segment is a literal star, so it is escaped.</summary>
    public static string Pattern(IEnumerable<string?> segments)
    {
        var sb = new StringBuilder("\"");
        foreach (var segment in segments) sb.Append(segment is null ? "*" : Escape(segment, escapeStar: true));
        return sb.Append('"').ToString();
    }

    private static string Escape(string value, bool escapeStar)
    {
        var sb = new StringBuilder(value.Length + 2);
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\0': sb.Append("\\0"); break;
                case '*' when escapeStar: sb.Append("\\*"); break;
                default:
                    if (rune.Value < 0x20) sb.Append("\\u{").Append(rune.Value.ToString("x", CultureInfo.InvariantCulture)).Append('}');
                    else sb.Append(rune.ToString());
                    break;
            }
        }
        return sb.ToString();
    }
}
