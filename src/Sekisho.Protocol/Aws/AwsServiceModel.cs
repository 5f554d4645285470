using System.Collections.Concurrent;
using System.Text.Json;

namespace Sekisho.Protocol.Aws;

/// <summary>
/// A botocore service model (see Models/NOTICE.md), loaded once from the embedded resource: what every operation
/// takes and returns, the constraints on input and the wire codes of errors. The protocol readers and writers
/// follow it so that Sekisho's shapes are the AWS CLI's shapes.
/// </summary>
public sealed class AwsServiceModel
{
    private static readonly ConcurrentDictionary<string, AwsServiceModel> Cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AwsShape> _shapes;

    public string Service { get; }
    public string Protocol { get; }
    public string ApiVersion { get; }
    public string? XmlNamespace { get; }
    public string? TargetPrefix { get; }
    public IReadOnlyDictionary<string, AwsOperation> Operations { get; }

    private AwsServiceModel(string service, string protocol, string apiVersion, string? xmlNamespace, string? targetPrefix,
        Dictionary<string, AwsOperation> operations, Dictionary<string, AwsShape> shapes)
    {
        Service = service;
        Protocol = protocol;
        ApiVersion = apiVersion;
        XmlNamespace = xmlNamespace;
        TargetPrefix = targetPrefix;
        Operations = operations;
        _shapes = shapes;
    }

    /// <summary>The shape named <paramref name="name"/>; a missing one is a defect in the embedded model.</summary>
    public AwsShape Shape(string name) =>
        _shapes.TryGetValue(name, out var shape) ? shape : throw new KeyNotFoundException($"{Service} model has no shape '{name}'");

    public bool TryGetOperation(string name, out AwsOperation operation) =>
        ((Dictionary<string, AwsOperation>)Operations).TryGetValue(name, out operation!);

    /// <summary>The error shape whose wire code is <paramref name="code"/>, if the model declares one.</summary>
    public AwsErrorInfo? ErrorByCode(string code)
    {
        foreach (var shape in _shapes.Values)
            if (shape.Error is { } e && e.Code == code) return e;
        return null;
    }

    /// <summary>Loads iam, sts, ssm, sso or sso-oidc.</summary>
    public static AwsServiceModel Load(string service) => Cache.GetOrAdd(service, Read);

    private static AwsServiceModel Read(string service)
    {
        var resource = $"Sekisho.Protocol.Aws.Models.{service}.json";
        using var stream = typeof(AwsServiceModel).Assembly.GetManifestResourceStream(resource)
                           ?? throw new ArgumentException($"no AWS service model named '{service}'", nameof(service));
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var meta = root.GetProperty("metadata");
        var operations = new Dictionary<string, AwsOperation>(StringComparer.Ordinal);
        foreach (var op in root.GetProperty("operations").EnumerateObject())
        {
            var o = op.Value;
            var errors = o.TryGetProperty("errors", out var errs) ? errs.EnumerateArray().Select(e => e.GetProperty("shape").GetString()!).ToList() : [];
            operations[op.Name] = new AwsOperation(op.Name,
                o.TryGetProperty("input", out var input) ? input.GetProperty("shape").GetString() : null,
                o.TryGetProperty("output", out var output) ? output.GetProperty("shape").GetString() : null,
                o.TryGetProperty("output", out var output2) && output2.TryGetProperty("resultWrapper", out var wrapper) ? wrapper.GetString() : null,
                errors);
        }
        var shapes = new Dictionary<string, AwsShape>(StringComparer.Ordinal);
        foreach (var s in root.GetProperty("shapes").EnumerateObject()) shapes[s.Name] = ReadShape(s.Name, s.Value);
        return new AwsServiceModel(service, meta.GetProperty("protocol").GetString()!, meta.GetProperty("apiVersion").GetString()!,
            meta.TryGetProperty("xmlNamespace", out var ns) ? ns.GetString() : null,
            meta.TryGetProperty("targetPrefix", out var tp) ? tp.GetString() : null, operations, shapes);
    }

    private static AwsShape ReadShape(string name, JsonElement s)
    {
        var members = new List<AwsMember>();
        if (s.TryGetProperty("members", out var ms))
            foreach (var m in ms.EnumerateObject()) members.Add(ReadMember(m.Name, m.Value));
        var required = s.TryGetProperty("required", out var req)
            ? req.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        AwsErrorInfo? error = null;
        if (s.TryGetProperty("error", out var e))
            error = new AwsErrorInfo(e.TryGetProperty("code", out var code) ? code.GetString()! : name,
                e.TryGetProperty("httpStatusCode", out var status) ? status.GetInt32() : 400,
                e.TryGetProperty("senderFault", out var sender) && sender.GetBoolean());
        else if (s.TryGetProperty("exception", out var ex) && ex.GetBoolean())
            error = new AwsErrorInfo(name, 400, true);
        return new AwsShape(name, s.GetProperty("type").GetString()!, members, required,
            s.TryGetProperty("member", out var member) ? ReadMember("member", member) : null,
            s.TryGetProperty("key", out var key) ? ReadMember("key", key) : null,
            s.TryGetProperty("value", out var value) ? ReadMember("value", value) : null,
            s.TryGetProperty("min", out var min) ? (long)min.GetDouble() : null,
            s.TryGetProperty("max", out var max) ? (long)max.GetDouble() : null,
            s.TryGetProperty("pattern", out var pattern) ? pattern.GetString() : null,
            s.TryGetProperty("enum", out var en) ? en.EnumerateArray().Select(x => x.GetString()!).ToList() : null,
            s.TryGetProperty("flattened", out var fl) && fl.GetBoolean(),
            s.TryGetProperty("timestampFormat", out var tf) ? tf.GetString() : null,
            s.TryGetProperty("sensitive", out var sensitive) && sensitive.GetBoolean(),
            error);
    }

    private static AwsMember ReadMember(string name, JsonElement m) =>
        new(name, m.GetProperty("shape").GetString()!, m.TryGetProperty("locationName", out var ln) ? ln.GetString() : null,
            m.TryGetProperty("flattened", out var fl) && fl.GetBoolean());
}
