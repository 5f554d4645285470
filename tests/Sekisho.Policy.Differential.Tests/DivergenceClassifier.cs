using System.Text.Json.Nodes;

namespace Sekisho.Policy.Differential.Tests;

/// <summary>
/// Proposes, for a difference, the documented divergence class it may belong to, from what the scenario contains
/// (never from scenario numbers), together with the same scenario with that cause neutralised: rewritten so that AWS's
/// decision is unchanged but the reference no longer trips (epoch values written as ISO dates, bare addresses given
/// their /32 or /128, the session policy allowing everything apart from its own denies). The test runs the
/// neutralised scenario through both engines and counts the difference in the class only when Sekisho's decision is
/// unchanged and the reference now agrees; otherwise it stays unexplained. So a class never hides a different bug.
/// </summary>
public static class DivergenceClassifier
{
    public static DivergenceCandidate? Candidate(JsonObject scenario, string ours, string reference)
    {
        if (ours == reference) return null;
        if (ours == "Allowed" && reference == "ImplicitlyDenied" && SessionArnGrantWithSessionLimits(scenario))
            return new DivergenceCandidate(DivergenceClass.SessionArnGrantNotLimitedBySessionPolicy, WithSessionPolicyAllowingAll(scenario));
        if (HasDateConditionOnEpochValue(scenario))
            return new DivergenceCandidate(DivergenceClass.EpochSecondsInRequestContext, WithEpochValuesAsDates(scenario));
        if (HasBareNotIpAddressAcrossFamilies(scenario))
            return new DivergenceCandidate(DivergenceClass.NotIpAddressBareAddressOtherFamily, WithPrefixedNotIpAddresses(scenario));
        if (HasUnresolvedNotResource(scenario))
            return new DivergenceCandidate(DivergenceClass.UnresolvedVariableInNotResource, WithoutUnresolvedNotResourceStatements(scenario));
        if (HasNullConditionOnEmptyValuedKey(scenario))
            return new DivergenceCandidate(DivergenceClass.NullOnEmptyValuedKey, WithoutEmptyValuedKeys(scenario));
        return null;
    }

    private static JsonObject WithSessionPolicyAllowingAll(JsonObject scenario)
    {
        var copy = (JsonObject)scenario.DeepClone();
        var statements = new JsonArray();
        foreach (var s in Statements(Document(scenario["sessionPolicy"])))
            if (s["Effect"]?.GetValue<string>() == "Deny") statements.Add(s.DeepClone());
        statements.Add(new JsonObject { ["Effect"] = "Allow", ["Action"] = "*", ["Resource"] = "*" });
        copy["sessionPolicy"] = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements };
        return copy;
    }

    /// <summary>Rewrites, for the keys compared by Date conditions only, epoch-seconds request values as ISO 8601.</summary>
    private static JsonObject WithEpochValuesAsDates(JsonObject scenario)
    {
        var copy = (JsonObject)scenario.DeepClone();
        if (copy["request"]?["context"] is not JsonObject context) return copy;
        var dateKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (op, key, _) in Conditions(scenario))
            if (op.StartsWith("Date", StringComparison.OrdinalIgnoreCase)) dateKeys.Add(key);
        foreach (var key in context.Select(p => p.Key).ToList())
        {
            if (!dateKeys.Contains(key)) continue;
            if (context[key] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 && text.All(char.IsAsciiDigit)
                && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                && seconds is > 0 and < 253402300800)
                context[key] = DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        }
        return copy;
    }

    private static JsonObject WithPrefixedNotIpAddresses(JsonObject scenario)
    {
        var copy = (JsonObject)scenario.DeepClone();
        foreach (var document in AllDocuments(copy))
            foreach (var statement in Statements(document))
            {
                if (statement["Condition"] is not JsonObject condition) continue;
                foreach (var (op, keys) in condition)
                {
                    var bare = op.Contains(':', StringComparison.Ordinal) ? op[(op.IndexOf(':', StringComparison.Ordinal) + 1)..] : op;
                    if (!bare.StartsWith("NotIpAddress", StringComparison.OrdinalIgnoreCase) || keys is not JsonObject byKey) continue;
                    foreach (var key in byKey.Select(p => p.Key).ToList())
                    {
                        static string Prefixed(string v) => v.Contains('/', StringComparison.Ordinal) ? v : v + (v.Contains(':', StringComparison.Ordinal) ? "/128" : "/32");
                        byKey[key] = byKey[key] switch
                        {
                            JsonArray a => new JsonArray([.. a.Select(x => (JsonNode)JsonValue.Create(Prefixed(x!.GetValue<string>())))]),
                            JsonValue one => JsonValue.Create(Prefixed(one.GetValue<string>())),
                            var other => other?.DeepClone(),
                        };
                    }
                }
            }
        return copy;
    }

    /// <summary>The caller is a role session in the resource's account, a resource policy Allow names that very
    /// session ARN, and a session policy is present (whose implicit deny AWS lets the grant override). The reference
    /// already lets such a grant override the boundary, so a boundary alone is not this class.</summary>
    private static bool SessionArnGrantWithSessionLimits(JsonObject scenario)
    {
        var request = scenario["request"] as JsonObject;
        var principal = request?["principal"]?.GetValue<string>();
        if (principal is null || !principal.StartsWith("arn:aws:sts::", StringComparison.Ordinal) || !principal.Contains(":assumed-role/", StringComparison.Ordinal))
            return false;
        if (IsNull(scenario["sessionPolicy"])) return false;
        if (ResourceAccount(request!) != AccountOf(principal)) return false;
        foreach (var statement in Statements(Document(scenario["resourcePolicy"])))
        {
            if (statement["Effect"]?.GetValue<string>() != "Allow") continue;
            if (statement["Principal"] is JsonObject p && Strings(p["AWS"]).Contains(principal)) return true;
        }
        return false;
    }

    /// <summary>Every (operator without qualifier, key, policy values) of every condition in the scenario.</summary>
    private static IEnumerable<(string Operator, string Key, List<string> Values)> Conditions(JsonObject scenario)
    {
        foreach (var document in AllDocuments(scenario))
            foreach (var statement in Statements(document))
            {
                if (statement["Condition"] is not JsonObject condition) continue;
                foreach (var (op, keys) in condition)
                {
                    if (keys is not JsonObject byKey) continue;
                    var bare = op.Contains(':', StringComparison.Ordinal) ? op[(op.IndexOf(':', StringComparison.Ordinal) + 1)..] : op;
                    foreach (var (key, values) in byKey) yield return (bare, key, Strings(values));
                }
            }
    }

    private static List<string> ContextValues(JsonObject scenario, string key)
    {
        if (scenario["request"]?["context"] is JsonObject context)
            foreach (var (k, v) in context)
                if (k.Equals(key, StringComparison.OrdinalIgnoreCase)) return Strings(v);
        return [];
    }

    private static bool HasDateConditionOnEpochValue(JsonObject scenario)
    {
        foreach (var (op, key, _) in Conditions(scenario))
        {
            if (!op.StartsWith("Date", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var v in ContextValues(scenario, key))
                if (v.Length > 0 && v.All(char.IsAsciiDigit)) return true;
        }
        return false;
    }

    private static bool HasBareNotIpAddressAcrossFamilies(JsonObject scenario)
    {
        foreach (var (op, key, values) in Conditions(scenario))
        {
            if (!op.StartsWith("NotIpAddress", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var address in ContextValues(scenario, key))
                foreach (var v in values)
                    if (!v.Contains('/', StringComparison.Ordinal) && v.Contains(':', StringComparison.Ordinal) != address.Contains(':', StringComparison.Ordinal))
                        return true;
        }
        return false;
    }

    /// <summary>A statement's NotResource holds ${key} (no default) for a key the request does not give as one value.</summary>
    private static bool IsUnresolvedNotResource(JsonObject statement, JsonObject scenario)
    {
        foreach (var pattern in Strings(statement["NotResource"]))
        {
            var at = pattern.IndexOf("${", StringComparison.Ordinal);
            while (at >= 0)
            {
                var end = pattern.IndexOf('}', at);
                if (end < 0) break;
                var inner = pattern[(at + 2)..end].Trim();
                if (inner is not ("*" or "?" or "$") && !inner.Contains(',', StringComparison.Ordinal) && ContextValues(scenario, inner).Count != 1)
                    return true;
                at = pattern.IndexOf("${", end, StringComparison.Ordinal);
            }
        }
        return false;
    }

    private static bool HasUnresolvedNotResource(JsonObject scenario)
    {
        foreach (var document in AllDocuments(scenario))
            foreach (var statement in Statements(document))
                if (IsUnresolvedNotResource(statement, scenario)) return true;
        return false;
    }

    /// <summary>Leaves out the statements AWS may treat as invalid (their NotResource cannot be resolved).</summary>
    private static JsonObject WithoutUnresolvedNotResourceStatements(JsonObject scenario)
    {
        var copy = (JsonObject)scenario.DeepClone();
        foreach (var document in AllDocuments(copy).ToList())
        {
            switch (document["Statement"])
            {
                case JsonObject one when IsUnresolvedNotResource(one, scenario):
                    document["Statement"] = new JsonArray();
                    break;
                case JsonArray many:
                    foreach (var s in many.OfType<JsonObject>().Where(s => IsUnresolvedNotResource(s, scenario)).ToList()) many.Remove(s);
                    break;
            }
        }
        return copy;
    }

    /// <summary>A Null condition tests a key the request gives as an empty list.</summary>
    private static bool HasNullConditionOnEmptyValuedKey(JsonObject scenario)
    {
        if (scenario["request"]?["context"] is not JsonObject context) return false;
        foreach (var (op, key, _) in Conditions(scenario))
        {
            if (!op.Equals("Null", StringComparison.Ordinal)) continue;
            foreach (var (k, v) in context)
                if (k.Equals(key, StringComparison.OrdinalIgnoreCase) && v is JsonArray { Count: 0 }) return true;
        }
        return false;
    }

    /// <summary>Leaves out the context keys given as empty lists, which AWS treats as missing.</summary>
    private static JsonObject WithoutEmptyValuedKeys(JsonObject scenario)
    {
        var copy = (JsonObject)scenario.DeepClone();
        if (copy["request"]?["context"] is not JsonObject context) return copy;
        foreach (var key in context.Where(p => p.Value is JsonArray { Count: 0 }).Select(p => p.Key).ToList()) context.Remove(key);
        return copy;
    }

    private static bool IsNull(JsonNode? node) => node is null;

    private static string? AccountOf(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length >= 6 && parts[4].Length == 12 ? parts[4] : null;
    }

    /// <summary>The resource's account as both runners take it: the ARN's, else aws:ResourceAccount, else the caller's.</summary>
    public static string? ResourceAccount(JsonObject request)
    {
        var resource = request["resource"]?.GetValue<string>() ?? "*";
        if (AccountOf(resource) is { } a) return a;
        if (request["context"] is JsonObject context)
            foreach (var (k, v) in context)
                if (k.Equals("aws:ResourceAccount", StringComparison.OrdinalIgnoreCase) && v is JsonValue) return v.GetValue<string>();
        return request["principal"]?.GetValue<string>() is { } p ? AccountOf(p) : null;
    }

    public static JsonObject? Document(JsonNode? entry) =>
        entry is JsonObject o && o.ContainsKey("document") ? o["document"] as JsonObject : entry as JsonObject;

    public static IEnumerable<JsonObject> AllDocuments(JsonObject scenario)
    {
        if (scenario["identityPolicies"] is JsonArray identity)
            foreach (var e in identity) if (Document(e) is { } d) yield return d;
        foreach (var single in new[] { "resourcePolicy", "permissionsBoundary", "sessionPolicy" })
            if (Document(scenario[single]) is { } d) yield return d;
        foreach (var org in new[] { "serviceControlPolicies", "resourceControlPolicies" })
        {
            if (scenario[org] is not JsonArray levels) continue;
            foreach (var level in levels)
                if (level is JsonArray docs)
                    foreach (var e in docs) if (Document(e) is { } d) yield return d;
        }
    }

    public static IEnumerable<JsonObject> Statements(JsonObject? document)
    {
        switch (document?["Statement"])
        {
            case JsonObject one:
                yield return one;
                break;
            case JsonArray many:
                foreach (var s in many) if (s is JsonObject o) yield return o;
                break;
        }
    }

    private static List<string> Strings(JsonNode? node)
    {
        var list = new List<string>();
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) list.Add(s);
        else if (node is JsonArray a)
            foreach (var x in a) if (x is JsonValue xv && xv.TryGetValue<string>(out var xs)) list.Add(xs);
        return list;
    }
}
