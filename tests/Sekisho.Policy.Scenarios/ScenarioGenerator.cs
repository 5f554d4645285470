using System.Text.Json.Nodes;

namespace Sekisho.Policy.Scenarios;

/// <summary>
/// Seeded, deterministic generator of <c>sekisho policy simulate</c> scenarios: random statements over real
/// actions and ARNs with conditions, tags, MFA, variables, SCP and RCP levels, boundaries, session policies and
/// resource-based policies, for same-account and cross-account users and role sessions. Scenario <c>i</c> of a
/// seed depends on nothing else, so one scenario can be regenerated on its own to reproduce a difference.
/// </summary>
public static class ScenarioGenerator
{
    public static IReadOnlyList<JsonObject> Generate(int seed, int count)
    {
        var list = new List<JsonObject>(count);
        for (var i = 0; i < count; i++) list.Add(GenerateOne(seed, i));
        return list;
    }

    public static JsonObject GenerateOne(int seed, int index)
    {
        var r = new Random(unchecked((seed * 1_000_003) ^ (index * 7_919) ^ index));
        var q = RequestShape.Create(r, crossAccount: r.NextDouble() < 0.15);

        var scenario = new JsonObject { ["request"] = q.ToJson() };
        scenario["identityPolicies"] = IdentityPolicies(r, q);
        scenario["resourcePolicy"] = ResourcePolicyFactory.Create(r, q);
        scenario["permissionsBoundary"] = r.NextDouble() < 0.25 ? Boundary(r, q) : null;
        scenario["sessionPolicy"] = q.Principal.IsSession && r.NextDouble() < 0.3 ? SessionPolicy(r, q) : null;
        scenario["serviceControlPolicies"] = r.NextDouble() < 0.6 ? ServiceControlPolicies(r, q) : new JsonArray();
        scenario["resourceControlPolicies"] = r.NextDouble() < 0.3 ? ResourceControlPolicies(r, q) : new JsonArray();
        return scenario;
    }

    private static JsonArray IdentityPolicies(Random r, RequestShape q)
    {
        var policies = new JsonArray();
        if (r.NextDouble() < 0.06) return policies;
        var count = 1 + r.Next(3);
        for (var p = 0; p < count; p++)
        {
            var n = 1 + r.Next(4);
            var statements = new JsonObject[n];
            for (var i = 0; i < n; i++)
            {
                statements[i] = r.NextDouble() < 0.72
                    ? StatementFactory.Statement(r, q, "Allow", hit: 0.65, conditionChance: 0.35)
                    : StatementFactory.Statement(r, q, "Deny", hit: 0.55, conditionChance: 0.65);
            }
            var document = StatementFactory.Document(statements);
            // Both entry forms of the contract: named and bare.
            policies.Add(r.NextDouble() < 0.8 ? new JsonObject { ["name"] = $"policy-{p + 1}", ["document"] = document } : document);
        }
        return policies;
    }

    private static JsonObject Boundary(Random r, RequestShape q)
    {
        var n = 1 + r.Next(2);
        var statements = new JsonObject[n];
        for (var i = 0; i < n; i++)
        {
            statements[i] = i == 0 || r.NextDouble() < 0.7
                ? StatementFactory.Statement(r, q, "Allow", hit: 0.75, conditionChance: 0.25)
                : StatementFactory.Statement(r, q, "Deny", hit: 0.4, conditionChance: 0.7);
        }
        return StatementFactory.Document(statements);
    }

    private static JsonObject SessionPolicy(Random r, RequestShape q)
    {
        var n = 1 + r.Next(2);
        var statements = new JsonObject[n];
        for (var i = 0; i < n; i++) statements[i] = StatementFactory.Statement(r, q, "Allow", hit: 0.7, conditionChance: 0.25);
        return StatementFactory.Document(statements);
    }

    public static JsonObject FullAwsAccess() =>
        StatementFactory.Document(new JsonObject { ["Effect"] = "Allow", ["Action"] = "*", ["Resource"] = "*" });

    public static JsonObject RcpFullAwsAccess() =>
        StatementFactory.Document(new JsonObject { ["Effect"] = "Allow", ["Principal"] = "*", ["Action"] = "*", ["Resource"] = "*" });

    private static JsonArray ServiceControlPolicies(Random r, RequestShape q)
    {
        var levels = new JsonArray();
        var count = 1 + r.Next(3);
        for (var l = 0; l < count; l++)
        {
            var level = new JsonArray();
            level.Add(r.NextDouble() < 0.85
                ? FullAwsAccess()
                : StatementFactory.Document(StatementFactory.Statement(r, q, "Allow", hit: 0.6, conditionChance: 0.2, allowNotElements: false)));
            if (r.NextDouble() < 0.3)
                level.Add(StatementFactory.Document(StatementFactory.Statement(r, q, "Deny", hit: 0.55, conditionChance: 0.7)));
            levels.Add(level);
        }
        return levels;
    }

    private static JsonArray ResourceControlPolicies(Random r, RequestShape q)
    {
        var levels = new JsonArray();
        var count = 1 + r.Next(2);
        // Resource control policies cover a few services only (S3, STS, KMS, SQS, Secrets Manager among ours).
        var covered = q.Action.Service is "s3" or "sts";
        for (var l = 0; l < count; l++)
        {
            var level = new JsonArray { RcpFullAwsAccess() };
            if (covered && r.NextDouble() < 0.5)
            {
                var deny = new JsonObject
                {
                    ["Effect"] = "Deny",
                    ["Principal"] = "*",
                    ["Action"] = r.NextDouble() < 0.5 ? q.Action.Action : $"{q.Action.Service}:*",
                    ["Resource"] = "*",
                };
                if (r.NextDouble() < 0.85) deny["Condition"] = ConditionFactory.Block(r, q, 1);
                level.Add(StatementFactory.Document(deny));
            }
            levels.Add(level);
        }
        return levels;
    }
}
