using System.Text.Json;
using Sekisho.Policy;

namespace Sekisho.Cli.Commands;

/// <summary>Turns one scenario object of <c>sekisho policy simulate</c> into a request and policy set, and decides it.
/// Every error names the scenario and the field.</summary>
internal static class SimulationScenario
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "request", "identityPolicies", "resourcePolicy", "trustPolicy", "permissionsBoundary", "sessionPolicy",
        "serviceControlPolicies", "resourceControlPolicies", "id", "name", "description", "comment", "expected",
    };

    /// <summary>Reads a scenario into the request and policies to decide; throws <see cref="CliException"/> on bad input.
    /// <paramref name="cache"/> shares compiled policies between scenarios that repeat a document.</summary>
    public static (PolicySet Policies, RequestContext Request) Read(JsonElement scenario, string where, Dictionary<string, CompiledPolicy> cache)
    {
        if (scenario.ValueKind != JsonValueKind.Object)
            throw new CliException($"simulate: {where}: must be a JSON object, not {Describe(scenario)}");
        foreach (var p in scenario.EnumerateObject())
            // Fields starting with "_" are free for callers' own bookkeeping; any other unknown name is a typo.
            if (!Fields.Contains(p.Name) && !p.Name.StartsWith('_'))
                throw new CliException($"simulate: {where}: unknown field '{p.Name}' (expected one of {string.Join(", ", Fields)})");
        if (!scenario.TryGetProperty("request", out var request) || request.ValueKind == JsonValueKind.Null)
            throw new CliException($"simulate: {where}: missing \"request\"");
        var context = ReadRequest(request, where + ".request");
        var identity = ReadPolicyList(scenario, "identityPolicies", where, cache);
        var resource = ReadOptionalPolicy(scenario, "resourcePolicy", where, cache);
        var trust = ReadOptionalPolicy(scenario, "trustPolicy", where, cache);
        if (trust is not null && resource is not null && PolicyEvaluator.IsTrustAction(context.Action))
            throw new CliException($"simulate: {where}: give the role's trust policy as \"trustPolicy\" or \"resourcePolicy\", not both");
        if (PolicyEvaluator.IsTrustAction(context.Action) && trust is not null) resource = trust;
        var set = new PolicySet(
            identity,
            resource,
            ReadOptionalPolicy(scenario, "permissionsBoundary", where, cache),
            ReadOptionalPolicy(scenario, "sessionPolicy", where, cache),
            ReadLevels(scenario, "serviceControlPolicies", where, cache),
            ReadLevels(scenario, "resourceControlPolicies", where, cache));
        return (set, context);
    }

    private static RequestContext ReadRequest(JsonElement request, string where)
    {
        if (request.ValueKind != JsonValueKind.Object)
            throw new CliException($"simulate: {where}: must be an object, not {Describe(request)}");
        var principal = RequiredString(request, "principal", where);
        var action = RequiredString(request, "action", where);
        var resource = request.TryGetProperty("resource", out var r) && r.ValueKind != JsonValueKind.Null
            ? (r.ValueKind == JsonValueKind.String ? r.GetString()! : throw new CliException($"simulate: {where}.resource: must be a string"))
            : "*";
        var keys = new List<KeyValuePair<string, string[]>>();
        if (request.TryGetProperty("context", out var ctx) && ctx.ValueKind != JsonValueKind.Null)
        {
            if (ctx.ValueKind != JsonValueKind.Object)
                throw new CliException($"simulate: {where}.context: must be an object of key -> value(s), not {Describe(ctx)}");
            foreach (var p in ctx.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Null) continue;
                if (p.Value.ValueKind == JsonValueKind.Array)
                {
                    var values = new string[p.Value.GetArrayLength()];
                    var i = 0;
                    foreach (var item in p.Value.EnumerateArray()) values[i++] = ScalarText(item, $"{where}.context.{p.Name}[{i}]");
                    keys.Add(new(p.Name, values));
                }
                else keys.Add(new(p.Name, [ScalarText(p.Value, $"{where}.context.{p.Name}")]));
            }
        }
        foreach (var p in request.EnumerateObject())
            if (p.Name is not ("principal" or "action" or "resource" or "context"))
                throw new CliException($"simulate: {where}: unknown field '{p.Name}' (expected principal, action, resource, context)");
        return new RequestContext(principal, action, resource, keys);
    }

    private static string ScalarText(JsonElement e, string where) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new CliException($"simulate: {where}: a context value must be a string, number or boolean, not {Describe(e)}"),
    };

    private static string RequiredString(JsonElement obj, string name, string where)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            throw new CliException($"simulate: {where}: missing \"{name}\"");
        if (v.ValueKind != JsonValueKind.String || v.GetString()!.Length == 0)
            throw new CliException($"simulate: {where}.{name}: must be a non-empty string");
        return v.GetString()!;
    }

    private static List<CompiledPolicy> ReadPolicyList(JsonElement scenario, string field, string where, Dictionary<string, CompiledPolicy> cache)
    {
        var result = new List<CompiledPolicy>();
        if (!scenario.TryGetProperty(field, out var list) || list.ValueKind == JsonValueKind.Null) return result;
        if (list.ValueKind != JsonValueKind.Array)
            throw new CliException($"simulate: {where}.{field}: must be an array of policies, not {Describe(list)}");
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            result.Add(ReadPolicy(item, $"{where}.{field}[{i}]", $"{field}[{i}]", cache));
            i++;
        }
        return result;
    }

    private static List<List<CompiledPolicy>> ReadLevels(JsonElement scenario, string field, string where, Dictionary<string, CompiledPolicy> cache)
    {
        var levels = new List<List<CompiledPolicy>>();
        if (!scenario.TryGetProperty(field, out var list) || list.ValueKind == JsonValueKind.Null) return levels;
        if (list.ValueKind != JsonValueKind.Array)
            throw new CliException($"simulate: {where}.{field}: must be an array of levels (each an array of policies), not {Describe(list)}");
        var l = 0;
        foreach (var level in list.EnumerateArray())
        {
            if (level.ValueKind != JsonValueKind.Array)
                throw new CliException($"simulate: {where}.{field}[{l}]: each organization level must be an array of policies, not {Describe(level)}");
            var policies = new List<CompiledPolicy>();
            var i = 0;
            foreach (var item in level.EnumerateArray())
            {
                policies.Add(ReadPolicy(item, $"{where}.{field}[{l}][{i}]", $"{field}[{l}][{i}]", cache));
                i++;
            }
            levels.Add(policies);
            l++;
        }
        return levels;
    }

    private static CompiledPolicy? ReadOptionalPolicy(JsonElement scenario, string field, string where, Dictionary<string, CompiledPolicy> cache)
    {
        if (!scenario.TryGetProperty(field, out var item) || item.ValueKind == JsonValueKind.Null) return null;
        return ReadPolicy(item, $"{where}.{field}", field, cache);
    }

    /// <summary>A policy entry is <c>{"name", "document"}</c> or a bare document; a document may also be a JSON string.</summary>
    private static CompiledPolicy ReadPolicy(JsonElement entry, string where, string defaultName, Dictionary<string, CompiledPolicy> cache)
    {
        var name = defaultName;
        var document = entry;
        if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("document", out var doc) && !entry.TryGetProperty("Statement", out _))
        {
            document = doc;
            if (entry.TryGetProperty("name", out var n))
            {
                if (n.ValueKind != JsonValueKind.String) throw new CliException($"simulate: {where}.name: must be a string");
                name = n.GetString()!;
            }
        }
        string text;
        if (document.ValueKind == JsonValueKind.String) text = document.GetString()!;
        else if (document.ValueKind == JsonValueKind.Object) text = document.GetRawText();
        else throw new CliException($"simulate: {where}: a policy must be a document object, a {{\"name\", \"document\"}} object or a JSON string, not {Describe(document)}");
        var cacheKey = name + "\n" + text;
        if (cache.TryGetValue(cacheKey, out var cached)) return cached;
        var parsed = PolicyParser.Parse(text);
        if (parsed.HasErrors || parsed.Document is null)
        {
            var first = parsed.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
            throw new CliException($"simulate: {where} ('{name}'): policy error at line {first.Line}, column {first.Column} of the document: {first.Message}");
        }
        var compiled = CompiledPolicy.Compile(parsed.Document, name);
        cache[cacheKey] = compiled;
        return compiled;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
