using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;

using Sekisho.Protocol.Aws;

namespace Sekisho.Protocol.Tests.Aws;

/// <summary>
/// The XmlWriter-based query response writer as it was before <see cref="QueryResponseWriter"/> wrote UTF-8 bytes
/// directly: kept here only as the reference the new writer's output must equal byte for byte.
/// Writes query-protocol responses (IAM, STS) in the XML layout of the model's output shape:
/// <c>&lt;OpResponse xmlns=...&gt;&lt;OpResult&gt;...&lt;/OpResult&gt;&lt;ResponseMetadata&gt;...</c>, lists as
/// <c>member</c> elements, maps as <c>entry/key/value</c>, timestamps in ISO 8601, and errors as
/// <c>ErrorResponse</c>. Results are JSON objects keyed by the model's member names.
/// </summary>
internal sealed class ReferenceQueryResponseWriter(AwsServiceModel model)
{
    private static readonly XmlWriterSettings Settings = new() { OmitXmlDeclaration = true, Encoding = new UTF8Encoding(false) };

    public string Write(AwsOperation operation, JsonObject? result, string requestId)
    {
        var sb = new StringBuilder();
        using (var xml = XmlWriter.Create(sb, Settings))
        {
            xml.WriteStartElement(operation.Name + "Response", model.XmlNamespace);
            if (operation.OutputShape is { } output && operation.ResultWrapper is { } wrapper)
            {
                xml.WriteStartElement(wrapper);
                WriteMembers(xml, model.Shape(output), result ?? new JsonObject());
                xml.WriteEndElement();
            }
            xml.WriteStartElement("ResponseMetadata");
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return sb.ToString();
    }

    public string WriteError(AwsError error, string requestId)
    {
        var sb = new StringBuilder();
        using (var xml = XmlWriter.Create(sb, Settings))
        {
            xml.WriteStartElement("ErrorResponse", model.XmlNamespace);
            xml.WriteStartElement("Error");
            xml.WriteElementString("Type", error.SenderFault ? "Sender" : "Receiver");
            xml.WriteElementString("Code", error.Code);
            xml.WriteElementString("Message", XmlSafe(error.Message));
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
        }
        return sb.ToString();
    }

    // Error messages echo client input, which may hold characters XML 1.0 cannot carry (NUL, lone surrogates):
    // they are replaced so that the answer stays a well-formed error instead of a failed response.
    private static string XmlSafe(string text)
    {
        var index = 0;
        while (index < text.Length && IsXmlChar(text, index)) index += char.IsHighSurrogate(text[index]) ? 2 : 1;
        if (index >= text.Length) return text;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, index);
        while (index < text.Length)
        {
            if (IsXmlChar(text, index))
            {
                var width = char.IsHighSurrogate(text[index]) ? 2 : 1;
                sb.Append(text, index, width);
                index += width;
            }
            else
            {
                sb.Append('\uFFFD');
                index++;
            }
        }
        return sb.ToString();
    }

    private static bool IsXmlChar(string text, int index)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c)) return index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]);
        if (char.IsLowSurrogate(c)) return false;
        return c is '\t' or '\n' or '\r' or (>= '\u0020' and <= '\uFFFD');
    }

    private void WriteMembers(XmlWriter xml, AwsShape shape, JsonObject obj)
    {
        foreach (var member in shape.Members)
        {
            if (!obj.TryGetPropertyValue(member.Name, out var value) || value is null) continue;
            var memberShape = model.Shape(member.ShapeName);
            if (memberShape.IsList && (memberShape.Flattened || member.Flattened))
            {
                foreach (var item in (JsonArray)value)
                    if (item is not null) WriteElement(xml, member.WireName, model.Shape(memberShape.Member!.ShapeName), item);
                continue;
            }
            WriteElement(xml, member.WireName, memberShape, value);
        }
    }

    private void WriteElement(XmlWriter xml, string name, AwsShape shape, JsonNode value)
    {
        xml.WriteStartElement(name);
        switch (shape.Type)
        {
            case "structure":
                WriteMembers(xml, shape, (JsonObject)value);
                break;
            case "list":
                var elementShape = model.Shape(shape.Member!.ShapeName);
                foreach (var item in (JsonArray)value)
                    if (item is not null) WriteElement(xml, shape.Member.LocationName ?? "member", elementShape, item);
                break;
            case "map":
                foreach (var (k, v) in (JsonObject)value)
                {
                    xml.WriteStartElement("entry");
                    xml.WriteElementString(shape.Key!.LocationName ?? "key", k);
                    if (v is not null) WriteElement(xml, shape.Value!.LocationName ?? "value", model.Shape(shape.Value.ShapeName), v);
                    xml.WriteEndElement();
                }
                break;
            default:
                xml.WriteString(XmlSafe(Scalar(shape, value)));
                break;
        }
        xml.WriteEndElement();
    }

    private static string Scalar(AwsShape shape, JsonNode value)
    {
        var v = (JsonValue)value;
        return shape.Type switch
        {
            "boolean" => v.GetValue<bool>() ? "true" : "false",
            "timestamp" => AwsTimestamps.ToIso8601(v),
            "integer" or "long" => v.GetValue<long>().ToString(CultureInfo.InvariantCulture),
            _ => v.TryGetValue<string>(out var s) ? s : v.ToJsonString(),
        };
    }
}
