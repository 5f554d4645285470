using Sekisho.Cedar;
using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Evaluation;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Tests;

/// <summary>Evaluates expression text for tests against a small request and entity store.</summary>
internal static class Eval
{
    public const string Entities = """
        [
          {"uid": {"type": "User", "id": "alice"}, "attrs": {"age": 30, "name": "Alice", "manager": {"__entity": {"type": "User", "id": "bob"}},
                                                              "address": {"city": "Kyoto", "zip": {"code": "600"}}},
           "parents": [{"type": "Group", "id": "staff"}], "tags": {"Env": "prod"}},
          {"uid": {"type": "User", "id": "bob"}, "attrs": {"age": 50}, "parents": [{"type": "Group", "id": "admins"}]},
          {"uid": {"type": "Group", "id": "staff"}, "attrs": {}, "parents": [{"type": "Group", "id": "everyone"}]},
          {"uid": {"type": "Group", "id": "admins"}, "attrs": {}, "parents": [{"type": "Group", "id": "staff"}]},
          {"uid": {"type": "Group", "id": "everyone"}, "attrs": {}, "parents": []},
          {"uid": {"type": "Action", "id": "view"}, "attrs": {}, "parents": [{"type": "Action", "id": "read"}]},
          {"uid": {"type": "Action", "id": "read"}, "attrs": {}, "parents": []},
          {"uid": {"type": "Photo", "id": "p1"}, "attrs": {"owner": {"__entity": {"type": "User", "id": "alice"}}}, "parents": []}
        ]
        """;

    private static readonly Lazy<EntityStore> Store = new(() => EntityJson.ParseEntities(Entities));

    public static EntityStore Store0 => Store.Value;

    public static Request Request(string context = "{}") =>
        EntityJson.ParseRequest($$"""
            {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "view"},
             "resource": {"type": "Photo", "id": "p1"}, "context": {{context}}}
            """);

    public static Value Run(string expression, string context = "{}") =>
        new Evaluator(Request(context), Store.Value).Evaluate(Parser.ParseExpression(expression));

    public static bool True(string expression, string context = "{}")
    {
        var v = Run(expression, context);
        Assert.Equal(ValueKind.Bool, v.Kind);
        return v.AsBool;
    }

    public static EvaluationException Error(string expression, string context = "{}") =>
        Assert.Throws<EvaluationException>(() => Run(expression, context));
}
