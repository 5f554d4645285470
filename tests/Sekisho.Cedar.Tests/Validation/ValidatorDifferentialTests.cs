using System.Text.Json;
using Sekisho.Cedar.Schema;
using Sekisho.Cedar.Validation;
using Sekisho.TestSupport;

namespace Sekisho.Cedar.Tests.Validation;

/// <summary>
/// Differential check of the strict validator against cedar-wasm 4.12 (run as a separate Node process):
/// policies generated with a fixed seed over a schema with namespaces, common types, nested and optional
/// attributes, tags, enumerated types, extension types and an action hierarchy must get the same error kinds.
/// </summary>
public class ValidatorDifferentialTests
{
    private const string Schema = """
        namespace N {
          type Addr = { city: String, zip?: Long, tags?: Set<String> };
          entity Org = { name: String };
          entity Team in [Org] = { lead?: User, size: Long } tags Long;
          entity User in [Team, Org] = { name: String, age?: Long, addr: Addr, friends: Set<User>, since?: datetime, ip: ipaddr } tags String;
          entity Doc in [Org] = { owner: User, level: decimal, labels: Set<String>, meta?: { pages: Long, draft?: Bool } };
          entity Kind enum ["a", "b"];
          action read appliesTo { principal: [User], resource: [Doc, Org], context: { t: datetime, d?: duration, req: { ip: ipaddr, src?: String } } };
          action write in [read] appliesTo { principal: User, resource: Doc, context: { t: datetime } };
          action admin appliesTo { principal: [User, Team], resource: [Org] };
        }
        """;

    private const string Script = """
        const cedar = require(process.argv[2]);
        const fs = require('fs');
        const c = JSON.parse(fs.readFileSync(0, 'utf8'));
        const out = [];
        for (const p of c.policies) {
          const v = cedar.validate({ validationSettings: { mode: 'strict' }, schema: c.schema, policies: { staticPolicies: p } });
          if (v.type !== 'success') { out.push(null); continue; }
          out.push(v.validationErrors.map(e => e.error.message.replace(/^for policy `[^`]*`[,:] /, '')));
        }
        process.stdout.write(JSON.stringify(out));
        """;

    private static readonly string[] Entities =
        ["N::User::\"u\"", "N::Team::\"t\"", "N::Org::\"o\"", "N::Doc::\"d\"", "N::Kind::\"a\"", "N::Kind::\"z\"", "N::Action::\"read\"", "N::Action::\"write\""];

    private static readonly string[] Paths =
    [
        "principal.name", "principal.age", "principal.addr", "principal.addr.city", "principal.addr.zip", "principal.addr.tags", "principal.friends",
        "principal.since", "principal.ip", "resource.owner", "resource.owner.name", "resource.level", "resource.labels", "resource.meta",
        "resource.meta.pages", "resource.meta.draft", "resource.name", "resource.size", "resource.lead", "context.t", "context.d", "context.req",
        "context.req.ip", "context.req.src", "principal.nope", "resource.owner.age",
    ];

    private static readonly string[] Guarded =
    [
        "principal has age && principal.age > 1", "principal.addr has zip && principal.addr.zip == 3", "resource has meta && resource.meta.pages > 2",
        "resource has meta && resource.meta has draft && resource.meta.draft", "principal.hasTag(\"k\") && principal.getTag(\"k\") == \"v\"",
        "context has d && context.d < duration(\"2h\")", "context.t > datetime(\"2020-01-01\")", "resource.level.lessThan(decimal(\"2.0\"))",
        "if principal has age then principal.age > 1 else false", "(principal has age || principal has since) && principal.age > 1",
        "principal.friends.contains(resource.owner)", "principal in resource", "resource.owner == principal", "principal.ip.isInRange(context.req.ip)",
        "context.req has src && context.req.src like \"*x\"", "principal is N::User in N::Org::\"o\"", "resource is N::Doc && resource.level == decimal(\"1.0\")",
    ];

    private static readonly string[] Leaves =
    [
        "true", "false", "1", "\"s\"", "principal", "resource", "action", "context", "ip(\"10.0.0.1\")", "datetime(\"2024-01-01\")",
        "duration(\"1h\")", "decimal(\"1.5\")", "[1, 2]", "[\"a\"]", "[principal]", "{a: 1}", "ip(\"bad\")",
    ];

    private static readonly string[] Principals = ["principal", "principal == N::User::\"u\"", "principal in N::Team::\"t\"", "principal is N::User", "principal is N::Team in N::Org::\"o\"", "principal == N::Doc::\"d\""];
    private static readonly string[] Actions = ["action", "action == N::Action::\"read\"", "action in N::Action::\"read\"", "action in [N::Action::\"write\", N::Action::\"admin\"]", "action == N::Action::\"admin\"", "action == N::Action::\"nope\""];
    private static readonly string[] Resources = ["resource", "resource is N::Doc", "resource in N::Org::\"o\"", "resource == N::Doc::\"d\"", "resource is N::Org"];

    [Fact]
    public async Task GeneratedPoliciesGetTheReferencesErrorKinds()
    {
        var wasm = RepoPaths.InRepo("tools/reference/node_modules/@cedar-policy/cedar-wasm/nodejs");
        if (!Directory.Exists(wasm)) throw new InvalidOperationException($"{wasm} missing: run `npm ci` in tools/reference (./test.sh does)");
        var random = new Random(20261121);
        var policies = new List<string>();
        for (var i = 0; i < 800; i++) policies.Add(Policy(random));

        var script = Path.Combine(Path.GetTempPath(), $"sekisho-validate-diff-{Environment.ProcessId}.js");
        await File.WriteAllTextAsync(script, Script);
        CliRunner.Result result;
        try
        {
            var input = JsonSerializer.Serialize(new Dictionary<string, object> { ["schema"] = Schema, ["policies"] = policies });
            result = await CliRunner.RunAsync("node", [script, wasm], stdin: input, timeout: TimeSpan.FromMinutes(5));
        }
        finally
        {
            File.Delete(script);
        }
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var schema = CedarSchema.ParseCedar(Schema);
        var compared = 0;
        var referenceValid = 0;
        var mismatches = new List<string>();
        var i2 = 0;
        foreach (var expected in doc.RootElement.EnumerateArray())
        {
            var text = policies[i2++];
            PolicySet? set = null;
            try
            {
                set = PolicySet.Parse(text);
            }
            catch (CedarException)
            {
                // Only policies both sides parse are compared here.
            }
            if (expected.ValueKind == JsonValueKind.Null || set is null)
            {
                Assert.True((expected.ValueKind == JsonValueKind.Null) == (set is null), $"parse outcome differs: {text}");
                continue;
            }
            compared++;
            var reference = new SortedSet<string>(expected.EnumerateArray().Select(e => KindOf(e.GetString()!)), StringComparer.Ordinal);
            if (reference.Count == 0) referenceValid++;
            var ours = new SortedSet<string>(CedarValidator.Validate(set, schema).Errors.Select(e => e.Kind.ToString()), StringComparer.Ordinal);
            if (!reference.SetEquals(ours)) mismatches.Add($"{text}\n  reference: {string.Join(", ", reference)}\n  ours: {string.Join(", ", ours)}");
        }
        Assert.True(compared >= 600, $"only {compared} policies compared");
        Assert.True(referenceValid >= 50, $"only {referenceValid} valid policies: the generator no longer exercises the valid side");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {compared} differ; first:\n{string.Join("\n", mismatches.Take(5))}");
    }

    private static string Policy(Random r)
    {
        var body = r.NextDouble() < 0.4 ? Pick(r, Guarded) : Expr(r, 0);
        if (r.NextDouble() < 0.3) body = $"{Pick(r, Guarded)} && {body}";
        return $"permit({Pick(r, Principals)}, {Pick(r, Actions)}, {Pick(r, Resources)}) when {{ {body} }};";
    }

    private static string Pick(Random r, string[] from) => from[r.Next(from.Length)];

    private static string Has(Random r)
    {
        var path = Pick(r, Paths);
        var dot = path.LastIndexOf('.');
        return $"{path[..dot]} has {path[(dot + 1)..]}";
    }

    private static string Expr(Random r, int depth)
    {
        if (depth > 3 || r.NextDouble() < 0.25)
        {
            return r.Next(4) switch
            {
                0 => Pick(r, Paths),
                1 => Has(r),
                2 => Pick(r, Entities),
                _ => Pick(r, Leaves),
            };
        }
        var a = Expr(r, depth + 1);
        var b = Expr(r, depth + 1);
        return r.Next(17) switch
        {
            0 => $"({a} && {b})",
            1 => $"({a} || {b})",
            2 => $"(if {a} then {b} else {Expr(r, depth + 1)})",
            3 => $"({a} == {b})",
            4 => $"({a} != {b})",
            5 => $"({a} < {b})",
            6 => $"({a} >= {b})",
            7 => $"({a} in {b})",
            8 => $"({a}).contains({b})",
            9 => $"({a}).containsAny({b})",
            10 => $"({a} has x)",
            11 => $"(!{a})",
            12 => $"({a}).getTag(\"k\")",
            13 => $"({a}).hasTag(\"k\")",
            14 => $"({a} is N::User)",
            15 => $"({a} is N::User in {b})",
            _ => $"({a} + {b})",
        };
    }

    private static string KindOf(string message)
    {
        (string Prefix, ValidationErrorKind Kind)[] prefixes =
        [
            ("unrecognized entity type", ValidationErrorKind.UnrecognizedEntityType),
            ("unrecognized action", ValidationErrorKind.UnrecognizedActionId),
            ("unable to find an applicable action", ValidationErrorKind.InvalidActionApplication),
            ("unexpected type", ValidationErrorKind.UnexpectedType),
            ("the types", ValidationErrorKind.IncompatibleTypes),
            ("unable to guarantee safety of access to optional attribute", ValidationErrorKind.UnsafeOptionalAttributeAccess),
            ("unable to guarantee safety of access to tag", ValidationErrorKind.UnsafeTagAccess),
            ("`.getTag()` is not allowed", ValidationErrorKind.NoTagsAllowed),
            ("undefined extension function", ValidationErrorKind.UndefinedFunction),
            ("wrong number of arguments", ValidationErrorKind.WrongNumberArguments),
            ("error during extension function argument validation", ValidationErrorKind.FunctionArgumentValidation),
            ("empty set literals", ValidationErrorKind.EmptySetForbidden),
            ("extension constructors may not be called", ValidationErrorKind.NonLiteralExtensionConstructor),
        ];
        foreach (var (prefix, kind) in prefixes)
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal)) return kind.ToString();
        }
        if (message.StartsWith("attribute", StringComparison.Ordinal) && message.Contains("not found", StringComparison.Ordinal)) return nameof(ValidationErrorKind.UnsafeAttributeAccess);
        if (message.Contains("enumerated entity type", StringComparison.Ordinal)) return nameof(ValidationErrorKind.InvalidEnumEntity);
        return "unknown: " + message;
    }
}
