using System.Text.Json.Nodes;
using Sekisho.Policy;

namespace Sekisho.Policy.Benchmarks;

/// <summary>A simulate scenario turned into the engine's inputs once: compiled policies and a built request.</summary>
public sealed record CompiledScenario(PolicySet Policies, RequestContext Request)
{
    public static CompiledScenario From(JsonObject scenario)
    {
        var requestContext = NewRequest(scenario);
        var set = new PolicySet(
            List(scenario["identityPolicies"], "identity"),
            One(scenario["resourcePolicy"], "resource"),
            One(scenario["permissionsBoundary"], "boundary"),
            One(scenario["sessionPolicy"], "session"),
            Levels(scenario["serviceControlPolicies"], "scp"),
            Levels(scenario["resourceControlPolicies"], "rcp"));
        return new CompiledScenario(set, requestContext);
    }

    /// <summary>The scenario's request context, built anew (what the server does once per request).</summary>
    public static RequestContext NewRequest(JsonObject scenario)
    {
        var (principal, action, resource, keys) = RequestInputs(scenario);
        return new RequestContext(principal, action, resource, keys);
    }

    /// <summary>The scenario's request as the inputs of a <see cref="RequestContext"/>.</summary>
    public static (string Principal, string Action, string Resource, List<KeyValuePair<string, string[]>> Keys) RequestInputs(JsonObject scenario)
    {
        var request = (JsonObject)scenario["request"]!;
        var keys = new List<KeyValuePair<string, string[]>>();
        if (request["context"] is JsonObject context)
        {
            foreach (var (k, v) in context)
            {
                if (v is JsonArray a)
                {
                    var values = new string[a.Count];
                    for (var i = 0; i < a.Count; i++) values[i] = a[i]!.GetValue<string>();
                    keys.Add(new(k, values));
                }
                else if (v is not null) keys.Add(new(k, [v.GetValue<string>()]));
            }
        }
        return (request["principal"]!.GetValue<string>(), request["action"]!.GetValue<string>(),
            request["resource"]?.GetValue<string>() ?? "*", keys);
    }

    private static CompiledPolicy? One(JsonNode? entry, string name)
    {
        if (entry is not JsonObject o) return null;
        var document = o.ContainsKey("document") ? o["document"]! : o;
        return CompiledPolicy.Parse(document.ToJsonString(), o["name"]?.GetValue<string>() ?? name);
    }

    private static List<CompiledPolicy> List(JsonNode? entries, string prefix)
    {
        var list = new List<CompiledPolicy>();
        if (entries is JsonArray a)
            for (var i = 0; i < a.Count; i++) list.Add(One(a[i], $"{prefix}-{i + 1}")!);
        return list;
    }

    private static List<List<CompiledPolicy>> Levels(JsonNode? levels, string prefix)
    {
        var list = new List<List<CompiledPolicy>>();
        if (levels is JsonArray a)
            for (var i = 0; i < a.Count; i++) list.Add(List(a[i], $"{prefix}-{i + 1}"));
        return list;
    }
}
