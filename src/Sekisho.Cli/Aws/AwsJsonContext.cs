using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sekisho.Cli.Aws;

/// <summary>Source-generated JSON metadata for the AWS JSON calls.</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;
