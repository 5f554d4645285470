using System.Text;
using System.Text.Json;

namespace Sekisho.Policy.Parsing;

/// <summary>Reads UTF-8 JSON into a <see cref="PositionedJson"/> tree, turning syntax errors into a diagnostic.</summary>
internal static class PositionedJsonReader
{
    private const int MaxDepth = 64;

    public static PositionedJson? Read(ReadOnlySpan<byte> utf8, out Diagnostic? error)
    {
        error = null;
        var lines = new LineMap(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                error = Diagnostic.Error("MalformedJson", new SourcePosition(1, 1), "the document is empty");
                return null;
            }
            var root = ReadValue(ref reader, utf8, lines);
            if (reader.Read())
            {
                error = Diagnostic.Error("MalformedJson", lines.At(utf8, (int)reader.TokenStartIndex),
                    "unexpected text after the end of the JSON document");
                return null;
            }
            return root;
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            error = Diagnostic.Error("MalformedJson", new SourcePosition(line, column), "malformed JSON: " + Clean(e.Message));
            return null;
        }
    }

    private static string Clean(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }

    private static PositionedJson ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, LineMap lines)
    {
        var position = lines.At(utf8, (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var properties = new List<PositionedProperty>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var namePosition = lines.At(utf8, (int)reader.TokenStartIndex);
                    var name = reader.GetString()!;
                    reader.Read();
                    properties.Add(new PositionedProperty(name, namePosition, ReadValue(ref reader, utf8, lines)));
                }
                return new PositionedJson { Kind = JsonKind.Object, Position = position, Properties = properties };
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<PositionedJson>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, utf8, lines));
                return new PositionedJson { Kind = JsonKind.Array, Position = position, Items = items };
            }
            case JsonTokenType.String:
                return new PositionedJson { Kind = JsonKind.String, Position = position, Text = reader.GetString() };
            case JsonTokenType.Number:
                return new PositionedJson
                {
                    Kind = JsonKind.Number, Position = position,
                    Text = Encoding.UTF8.GetString(reader.ValueSpan),
                };
            case JsonTokenType.True:
                return new PositionedJson { Kind = JsonKind.True, Position = position, Text = "true" };
            case JsonTokenType.False:
                return new PositionedJson { Kind = JsonKind.False, Position = position, Text = "false" };
            default:
                return new PositionedJson { Kind = JsonKind.Null, Position = position };
        }
    }

    /// <summary>Maps byte offsets to 1-based line and character column.</summary>
    private sealed class LineMap
    {
        private readonly List<int> _lineStarts = [0];

        public LineMap(ReadOnlySpan<byte> utf8)
        {
            for (var i = 0; i < utf8.Length; i++)
                if (utf8[i] == (byte)'\n') _lineStarts.Add(i + 1);
        }

        public SourcePosition At(ReadOnlySpan<byte> utf8, int offset)
        {
            var index = _lineStarts.BinarySearch(offset);
            if (index < 0) index = ~index - 1;
            var start = _lineStarts[index];
            var column = 1;
            // Count characters, not bytes: skip UTF-8 continuation bytes.
            for (var i = start; i < offset && i < utf8.Length; i++)
                if ((utf8[i] & 0xC0) != 0x80) column++;
            return new SourcePosition(index + 1, column);
        }
    }
}
