using System.Globalization;
using System.Text;

namespace Sekisho.Cedar.Values;

/// <summary>Writes strings as Cedar string literals (the escapes Cedar's own printer uses).</summary>
public static class CedarString
{
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        AppendQuoted(sb, value);
        return sb.ToString();
    }

    public static void AppendQuoted(StringBuilder sb, string value)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(value);
        sb.Append('"');
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
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7F || Rune.IsControl(rune))
                        sb.Append("\\u{").Append(rune.Value.ToString("x", CultureInfo.InvariantCulture)).Append('}');
                    else
                        sb.Append(rune.ToString());
                    break;
            }
        }
        sb.Append('"');
    }
}
