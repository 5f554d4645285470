using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Sekisho.Protocol.Aws;

namespace Sekisho.Protocol.Tests.Aws;

/// <summary>
/// The UTF-8 query writer against the XmlWriter-based writer it replaced (<see cref="ReferenceQueryResponseWriter"/>):
/// for every IAM and STS operation's output shape, results filled with random values (text with markup
/// characters, line breaks, non-ASCII, surrogate pairs, characters XML cannot carry, empty strings, empty lists
/// and structures, maps, negative numbers, timestamps) must come out byte for byte the same.
/// </summary>
public sealed class QueryResponseWriterTests
{
    private static readonly string[] Texts =
    [
        "", "alice", "a & b", "<tag>", "x > y", "quote \" and ' apostrophe", "line\nbreak", "cr\rlf\r\nend\r", "\r\n", "tab\there",
        "ünïcödé 東京", "emoji 😀 pair", "nul\0char", "bell\u0007", "lone \uD800 high", "lone \uDC00 low", "\uFFFE\uFFFF",
        "arn:aws:iam::111122223333:user/path/alice", "{\"Version\":\"2012-10-17\",\"Statement\":[]}", "%7B%22a%22%3A1%7D", "]]>",
    ];

    public static TheoryData<string> Services => new() { "iam", "sts" };

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_operation_writes_what_XmlWriter_wrote(string service)
    {
        var model = AwsServiceModel.Load(service);
        var writer = new QueryResponseWriter(model);
        var reference = new ReferenceQueryResponseWriter(model);
        var random = new Random(20261121);
        var compared = 0;
        foreach (var operation in model.Operations.Values)
        {
            for (var round = 0; round < 6; round++)
            {
                var result = operation.OutputShape is { } shape ? (JsonObject)Fill(model, model.Shape(shape), random, 0) : null;
                var requestId = round == 0 ? "" : Guid.NewGuid().ToString();
                var expected = reference.Write(operation, result, requestId);
                Assert.Equal(expected, writer.Write(operation, result, requestId));
                var bytes = new ArrayBufferWriter<byte>();
                writer.Write(bytes, operation, result, requestId);
                Assert.Equal(Encoding.UTF8.GetBytes(expected), bytes.WrittenSpan.ToArray());
                compared++;
            }
        }
        Assert.True(compared > 20, $"only {compared} responses compared");
    }

    [Fact]
    public void Errors_are_written_as_XmlWriter_wrote_them()
    {
        foreach (var service in new[] { "iam", "sts" })
        {
            var model = AwsServiceModel.Load(service);
            foreach (var message in Texts)
                foreach (var senderFault in new[] { true, false })
                {
                    var error = new AwsError("AccessDenied", message, 403, senderFault);
                    Assert.Equal(new ReferenceQueryResponseWriter(model).WriteError(error, "req-1"), new QueryResponseWriter(model).WriteError(error, "req-1"));
                }
        }
    }

    [Fact]
    public void Markup_in_text_is_escaped_and_line_breaks_become_newlines()
    {
        var model = AwsServiceModel.Load("sts");
        var text = new QueryResponseWriter(model).WriteError(new AwsError("Code", "a<b>&c\r\nd\re", 400), "r");
        Assert.Contains("<Message>a&lt;b&gt;&amp;c\nd\ne</Message>", text, StringComparison.Ordinal);
    }

    private static JsonNode Fill(AwsServiceModel model, AwsShape shape, Random random, int depth)
    {
        switch (shape.Type)
        {
            case "structure":
            {
                var obj = new JsonObject();
                foreach (var member in shape.Members)
                    if (depth < 6 && random.Next(4) != 0) obj[member.Name] = Fill(model, model.Shape(member.ShapeName), random, depth + 1);
                return obj;
            }
            case "list":
            {
                var array = new JsonArray();
                var count = depth < 6 ? random.Next(4) : 0;
                for (var i = 0; i < count; i++) array.Add(Fill(model, model.Shape(shape.Member!.ShapeName), random, depth + 1));
                return array;
            }
            case "map":
            {
                var map = new JsonObject();
                var count = depth < 6 ? random.Next(4) : 0;
                for (var i = 0; i < count; i++)
                    map["key" + i + (random.Next(2) == 0 ? " & <k>" : "")] = Fill(model, model.Shape(shape.Value!.ShapeName), random, depth + 1);
                return map;
            }
            case "boolean":
                return JsonValue.Create(random.Next(2) == 0);
            case "integer" or "long":
                return JsonValue.Create((long)random.Next(-1000, 100_000));
            case "timestamp":
                var at = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(0, 300_000_000));
                return random.Next(2) == 0 ? JsonValue.Create(at) : JsonValue.Create(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            default:
                return JsonValue.Create(Texts[random.Next(Texts.Length)]);
        }
    }
}
