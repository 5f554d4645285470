using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;

namespace Sekisho.Protocol.Aws;

/// <summary>
/// Writes query-protocol responses (IAM, STS) in the XML layout of the model's output shape:
/// <c>&lt;OpResponse xmlns=...&gt;&lt;OpResult&gt;...&lt;/OpResult&gt;&lt;ResponseMetadata&gt;...</c>, lists as
/// <c>member</c> elements, maps as <c>entry/key/value</c>, timestamps in ISO 8601, and errors as
/// <c>ErrorResponse</c>. Results are JSON objects keyed by the model's member names.
/// </summary>
/// <remarks>
/// The bytes are those System.Xml's XmlWriter wrote with <c>OmitXmlDeclaration</c> (empty elements as
/// <c>&lt;X /&gt;</c>, line breaks normalised to '\n', <c>&amp; &lt; &gt;</c> escaped in text), written straight as
/// UTF-8 into the caller's buffer: this is on every request's path, and XmlWriter plus a string and its
/// re-encoding cost more than the rest of a GetCallerIdentity's handling.
/// </remarks>
public sealed class QueryResponseWriter(AwsServiceModel model)
{
    public string Write(AwsOperation operation, JsonObject? result, string requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Write(buffer, operation, result, requestId);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public string WriteError(AwsError error, string requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteError(buffer, error, requestId);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the response to <paramref name="output"/> as UTF-8.</summary>
    public void Write(IBufferWriter<byte> output, AwsOperation operation, JsonObject? result, string requestId)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var xml = new Utf8XmlWriter(output);
        var responseName = operation.Name + "Response";
        xml.StartElement(responseName, model.XmlNamespace);
        if (operation.OutputShape is { } outputShape && operation.ResultWrapper is { } wrapper)
        {
            xml.StartElement(wrapper);
            WriteMembers(ref xml, model.Shape(outputShape), result ?? []);
            xml.EndElement(wrapper);
        }
        xml.StartElement("ResponseMetadata");
        xml.ElementString("RequestId", requestId);
        xml.EndElement("ResponseMetadata");
        xml.EndElement(responseName);
    }

    /// <summary>Writes the <c>ErrorResponse</c> to <paramref name="output"/> as UTF-8.</summary>
    public void WriteError(IBufferWriter<byte> output, AwsError error, string requestId)
    {
        ArgumentNullException.ThrowIfNull(error);
        var xml = new Utf8XmlWriter(output);
        xml.StartElement("ErrorResponse", model.XmlNamespace);
        xml.StartElement("Error");
        xml.ElementString("Type", error.SenderFault ? "Sender" : "Receiver");
        xml.ElementString("Code", error.Code);
        xml.ElementString("Message", error.Message);
        xml.EndElement("Error");
        xml.ElementString("RequestId", requestId);
        xml.EndElement("ErrorResponse");
    }

    private void WriteMembers(ref Utf8XmlWriter xml, AwsShape shape, JsonObject obj)
    {
        foreach (var member in shape.Members)
        {
            if (!obj.TryGetPropertyValue(member.Name, out var value) || value is null) continue;
            var memberShape = model.Shape(member.ShapeName);
            if (memberShape.IsList && (memberShape.Flattened || member.Flattened))
            {
                foreach (var item in (JsonArray)value)
                    if (item is not null) WriteElement(ref xml, member.WireName, model.Shape(memberShape.Member!.ShapeName), item);
                continue;
            }
            WriteElement(ref xml, member.WireName, memberShape, value);
        }
    }

    private void WriteElement(ref Utf8XmlWriter xml, string name, AwsShape shape, JsonNode value)
    {
        xml.StartElement(name);
        switch (shape.Type)
        {
            case "structure":
                WriteMembers(ref xml, shape, (JsonObject)value);
                break;
            case "list":
                var elementShape = model.Shape(shape.Member!.ShapeName);
                foreach (var item in (JsonArray)value)
                    if (item is not null) WriteElement(ref xml, shape.Member.LocationName ?? "member", elementShape, item);
                break;
            case "map":
                foreach (var (k, v) in (JsonObject)value)
                {
                    xml.StartElement("entry");
                    xml.ElementString(shape.Key!.LocationName ?? "key", k);
                    if (v is not null) WriteElement(ref xml, shape.Value!.LocationName ?? "value", model.Shape(shape.Value.ShapeName), v);
                    xml.EndElement("entry");
                }
                break;
            default:
                WriteScalar(ref xml, shape, (JsonValue)value);
                break;
        }
        xml.EndElement(name);
    }

    private static void WriteScalar(ref Utf8XmlWriter xml, AwsShape shape, JsonValue value)
    {
        switch (shape.Type)
        {
            case "boolean":
                xml.Text(value.GetValue<bool>() ? "true" : "false");
                break;
            case "timestamp":
                xml.Timestamp(AwsTimestamps.Read(value));
                break;
            case "integer" or "long":
                xml.Integer(value.GetValue<long>());
                break;
            default:
                xml.Text(value.TryGetValue<string>(out var s) ? s : value.ToJsonString());
                break;
        }
    }
}
