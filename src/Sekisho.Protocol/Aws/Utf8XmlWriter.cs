using System.Buffers;
using System.Globalization;
using System.Text;

namespace Sekisho.Protocol.Aws;

/// <summary>
/// The few XML forms the query protocol needs, written as UTF-8 straight into a buffer, byte for byte as
/// System.Xml's XmlWriter (default settings, no declaration) writes them: a start tag's '&gt;' is held back so an
/// element without content (no child, no text call) closes as <c>&lt;X /&gt;</c>; text escapes <c>&amp; &lt; &gt;</c> and writes every line
/// break (<c>\r\n</c>, <c>\r</c>) as <c>\n</c>. Characters XML 1.0 cannot carry (NUL and other controls, lone
/// surrogates, U+FFFE/U+FFFF) become U+FFFD, since text can echo client input and the answer must stay well-formed.
/// Element names come from the service model and are written as they are.
/// </summary>
internal struct Utf8XmlWriter(IBufferWriter<byte> output)
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    // Everything a text run can copy unchanged is outside this set.
    private static readonly SearchValues<char> Special = SearchValues.Create(SpecialChars());

    private bool _startTagOpen;

    public void StartElement(string name, string? xmlNamespace = null)
    {
        CloseStartTag();
        Byte((byte)'<');
        Utf8(name);
        if (!string.IsNullOrEmpty(xmlNamespace))
        {
            Raw(" xmlns=\""u8);
            Attribute(xmlNamespace);
            Byte((byte)'"');
        }
        _startTagOpen = true;
    }

    public void EndElement(string name)
    {
        if (_startTagOpen)
        {
            Raw(" />"u8);
            _startTagOpen = false;
            return;
        }
        Raw("</"u8);
        Utf8(name);
        Byte((byte)'>');
    }

    public void ElementString(string name, string value)
    {
        // As XmlWriter.WriteElementString: an empty value writes no text, so the element closes as <X />.
        StartElement(name);
        if (value.Length > 0) Text(value);
        EndElement(name);
    }

    public void Text(string text)
    {
        // As XmlWriter: any text, even empty, ends the start tag, so the element closes as <X></X>.
        CloseStartTag();
        var rest = text.AsSpan();
        while (rest.Length > 0)
        {
            var stop = rest.IndexOfAny(Special);
            if (stop < 0)
            {
                Utf8(rest);
                return;
            }
            Utf8(rest[..stop]);
            var c = rest[stop];
            var width = 1;
            switch (c)
            {
                case '&': Raw("&amp;"u8); break;
                case '<': Raw("&lt;"u8); break;
                case '>': Raw("&gt;"u8); break;
                case '\r':
                    Byte((byte)'\n');
                    if (stop + 1 < rest.Length && rest[stop + 1] == '\n') width = 2;
                    break;
                default:
                    if (char.IsHighSurrogate(c) && stop + 1 < rest.Length && char.IsLowSurrogate(rest[stop + 1]))
                    {
                        Utf8(rest.Slice(stop, 2));
                        width = 2;
                    }
                    else
                    {
                        Raw("\uFFFD"u8);
                    }
                    break;
            }
            rest = rest[(stop + width)..];
        }
    }

    public void Integer(long value)
    {
        CloseStartTag();
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    public void Timestamp(DateTimeOffset value)
    {
        CloseStartTag();
        var span = output.GetSpan(32);
        value.UtcDateTime.TryFormat(span, out var written, TimestampFormat, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private void CloseStartTag()
    {
        if (!_startTagOpen) return;
        Byte((byte)'>');
        _startTagOpen = false;
    }

    private void Attribute(string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': Raw("&amp;"u8); break;
                case '<': Raw("&lt;"u8); break;
                case '>': Raw("&gt;"u8); break;
                case '"': Raw("&quot;"u8); break;
                case '\t': Raw("&#x9;"u8); break;
                case '\n': Raw("&#xA;"u8); break;
                case '\r': Raw("&#xD;"u8); break;
                default: Utf8(new ReadOnlySpan<char>(in c)); break;
            }
        }
    }

    private void Utf8(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty) return;
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length));
        output.Advance(Encoding.UTF8.GetBytes(chars, span));
    }

    private void Raw(ReadOnlySpan<byte> bytes) => output.Write(bytes);

    private void Byte(byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    private static string SpecialChars()
    {
        var chars = new StringBuilder("&<>");
        for (var c = '\0'; c < ' '; c++)
            if (c is not ('\t' or '\n')) chars.Append(c);
        for (var c = '\uD800'; c <= '\uDFFF'; c++) chars.Append(c);
        chars.Append('\uFFFE').Append('\uFFFF');
        return chars.ToString();
    }
}
