using System.Text;
using Sekisho.Policy.Parsing;

namespace Sekisho.Policy;

/// <summary>
/// Parses IAM policy documents as AWS accepts them and reports every grammar error with its position. It never
/// throws on bad input: the errors are in <see cref="PolicyParseResult.Diagnostics"/>.
/// </summary>
public static class PolicyParser
{
    public const string Version2012 = "2012-10-17";
    public const string Version2008 = "2008-10-17";

    private static readonly string[] StatementElements =
        ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

    public static PolicyParseResult Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    public static PolicyParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        // A UTF-8 byte order mark is not JSON; editors write it anyway.
        if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF) utf8 = utf8[3..];
        var root = PositionedJsonReader.Read(utf8, out var jsonError);
        if (root is null) return new PolicyParseResult(null, [jsonError!]);
        var diagnostics = new List<Diagnostic>();
        var document = ParseDocument(root, diagnostics);
        return new PolicyParseResult(document, diagnostics);
    }

    private static PolicyDocument? ParseDocument(PositionedJson root, List<Diagnostic> diagnostics)
    {
        if (root.Kind != JsonKind.Object)
        {
            diagnostics.Add(Diagnostic.Error("WrongType", root.Position, $"a policy document must be a JSON object, not {root.KindName}"));
            return null;
        }
        var version = PolicyVersion.V2008_10_17;
        var versionWritten = false;
        string? id = null;
        PositionedJson? statementNode = null;
        var versionPosition = root.Position;
        var statementPosition = root.Position;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.Properties!)
        {
            if (!seen.Add(property.Name))
            {
                diagnostics.Add(Diagnostic.Error("DuplicateElement", property.NamePosition, $"element '{property.Name}' appears more than once"));
                continue;
            }
            switch (property.Name)
            {
                case "Version":
                    versionWritten = true;
                    versionPosition = property.Value.Position;
                    if (property.Value.Kind != JsonKind.String)
                        diagnostics.Add(Diagnostic.Error("WrongType", property.Value.Position, $"Version must be a string, not {property.Value.KindName}"));
                    else if (property.Value.Text == Version2012) version = PolicyVersion.V2012_10_17;
                    else if (property.Value.Text != Version2008)
                        diagnostics.Add(Diagnostic.Error("InvalidVersion", property.Value.Position,
                            $"Version '{property.Value.Text}' is not valid: use \"{Version2012}\" (or \"{Version2008}\")"));
                    break;
                case "Id":
                    if (property.Value.Kind != JsonKind.String)
                        diagnostics.Add(Diagnostic.Error("WrongType", property.Value.Position, $"Id must be a string, not {property.Value.KindName}"));
                    else id = property.Value.Text;
                    break;
                case "Statement":
                    statementNode = property.Value;
                    statementPosition = property.NamePosition;
                    break;
                default:
                    diagnostics.Add(Diagnostic.Error("UnknownElement", property.NamePosition,
                        $"unknown policy element '{property.Name}' (expected Version, Id, Statement)"));
                    break;
            }
        }
        var statements = new List<PolicyStatement>();
        if (statementNode is null)
        {
            diagnostics.Add(Diagnostic.Error("MissingStatement", root.Position, "the policy has no Statement element"));
        }
        else if (statementNode.Kind == JsonKind.Object)
        {
            AddStatement(statementNode, 0, version, statements, diagnostics);
        }
        else if (statementNode.Kind == JsonKind.Array)
        {
            for (var i = 0; i < statementNode.Items!.Count; i++)
            {
                var item = statementNode.Items[i];
                if (item.Kind != JsonKind.Object)
                    diagnostics.Add(Diagnostic.Error("WrongType", item.Position, $"Statement[{i}] must be an object, not {item.KindName}"));
                else AddStatement(item, i, version, statements, diagnostics);
            }
        }
        else
        {
            diagnostics.Add(Diagnostic.Error("WrongType", statementNode.Position,
                $"Statement must be an object or an array of objects, not {statementNode.KindName}"));
        }
        var sids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in statements)
            if (s.Sid is { Length: > 0 } sid && !sids.Add(sid))
                diagnostics.Add(Diagnostic.Error("DuplicateSid", s.Position, $"Sid '{sid}' is used by more than one statement"));
        return new PolicyDocument(version, versionWritten, id, statements, root.Position)
        {
            VersionPosition = versionPosition,
            StatementElementPosition = statementPosition,
        };
    }

    private static void AddStatement(PositionedJson node, int index, PolicyVersion version, List<PolicyStatement> statements,
        List<Diagnostic> diagnostics)
    {
        var where = $"Statement[{index}]";
        if (node.Properties!.Count == 0)
        {
            diagnostics.Add(Diagnostic.Error("EmptyStatement", node.Position, $"{where} is empty"));
            return;
        }
        string? sid = null;
        Effect? effect = null;
        PolicyPrincipal? principal = null;
        var notPrincipal = false;
        List<PositionedString>? actions = null;
        var notAction = false;
        List<PositionedString>? resources = null;
        var notResource = false;
        var conditions = new List<PolicyCondition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        SourcePosition sidAt = node.Position, effectAt = node.Position, principalAt = default, actionAt = default, resourceAt = default, conditionAt = default;
        foreach (var property in node.Properties)
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "Sid": sidAt = value.Position; break;
                case "Effect": effectAt = value.Position; break;
                case "Principal" or "NotPrincipal": principalAt = property.NamePosition; break;
                case "Action" or "NotAction": actionAt = property.NamePosition; break;
                case "Resource" or "NotResource": resourceAt = property.NamePosition; break;
                case "Condition": conditionAt = property.NamePosition; break;
            }
            if (!seen.Add(property.Name))
            {
                diagnostics.Add(Diagnostic.Error("DuplicateElement", property.NamePosition, $"{where}: element '{property.Name}' appears more than once"));
                continue;
            }
            switch (property.Name)
            {
                case "Sid":
                    if (value.Kind != JsonKind.String)
                        diagnostics.Add(Diagnostic.Error("WrongType", value.Position, $"{where}: Sid must be a string, not {value.KindName}"));
                    else sid = value.Text;
                    break;
                case "Effect":
                    if (value.Kind != JsonKind.String)
                        diagnostics.Add(Diagnostic.Error("WrongType", value.Position, $"{where}: Effect must be a string, not {value.KindName}"));
                    else if (value.Text == "Allow") effect = Effect.Allow;
                    else if (value.Text == "Deny") effect = Effect.Deny;
                    else diagnostics.Add(Diagnostic.Error("InvalidEffect", value.Position,
                        $"{where}: Effect '{value.Text}' is not valid (expected \"Allow\" or \"Deny\", case-sensitive)"));
                    break;
                case "Principal" or "NotPrincipal":
                    if (principal is not null)
                    {
                        diagnostics.Add(Diagnostic.Error("ConflictingElements", property.NamePosition, $"{where} has both Principal and NotPrincipal"));
                        break;
                    }
                    notPrincipal = property.Name == "NotPrincipal";
                    principal = ParsePrincipal(value, where + "." + property.Name, diagnostics);
                    break;
                case "Action" or "NotAction":
                    if (actions is not null)
                    {
                        diagnostics.Add(Diagnostic.Error("ConflictingElements", property.NamePosition, $"{where} has both Action and NotAction"));
                        break;
                    }
                    notAction = property.Name == "NotAction";
                    actions = ParseStrings(value, where + "." + property.Name, diagnostics);
                    foreach (var a in actions)
                        if (a.Value != "*" && (a.Value.IndexOf(':', StringComparison.Ordinal) is <= 0 || a.Value.EndsWith(':')))
                            diagnostics.Add(Diagnostic.Error("InvalidAction", a.Position,
                                $"{where}.{property.Name}: '{a.Value}' is not an action (expected \"service:ActionName\" or \"*\")"));
                    break;
                case "Resource" or "NotResource":
                    if (resources is not null)
                    {
                        diagnostics.Add(Diagnostic.Error("ConflictingElements", property.NamePosition, $"{where} has both Resource and NotResource"));
                        break;
                    }
                    notResource = property.Name == "NotResource";
                    resources = ParseStrings(value, where + "." + property.Name, diagnostics);
                    foreach (var r in resources)
                    {
                        if (r.Value != "*" && !r.Value.StartsWith("arn:", StringComparison.Ordinal))
                            diagnostics.Add(Diagnostic.Error("InvalidResource", r.Position,
                                $"{where}.{property.Name}: '{r.Value}' is not an ARN (expected \"arn:partition:service:region:account:resource\" or \"*\")"));
                        CheckVariables(r.Value, r.Position, version, where + "." + property.Name, diagnostics);
                    }
                    break;
                case "Condition":
                    ParseConditions(value, where, version, conditions, diagnostics);
                    break;
                default:
                    diagnostics.Add(Diagnostic.Error("UnknownElement", property.NamePosition,
                        $"{where}: unknown statement element '{property.Name}' (expected one of {string.Join(", ", StatementElements)})"));
                    break;
            }
        }
        if (effect is null && !seen.Contains("Effect"))
            diagnostics.Add(Diagnostic.Error("MissingEffect", node.Position, $"{where} has no Effect"));
        if (actions is null)
            diagnostics.Add(Diagnostic.Error("MissingAction", node.Position, $"{where} has neither Action nor NotAction"));
        statements.Add(new PolicyStatement(index, sid, effect ?? Effect.Allow, node.Position, principal, notPrincipal,
            actions ?? [], notAction, resources, notResource, conditions)
        {
            SidPosition = sidAt,
            EffectPosition = effectAt,
            PrincipalElementPosition = principalAt,
            ActionElementPosition = actionAt,
            ResourceElementPosition = resourceAt,
            ConditionElementPosition = conditionAt,
        });
    }

    private static void CheckVariables(string text, SourcePosition position, PolicyVersion version, string where, List<Diagnostic> diagnostics)
    {
        if (version == PolicyVersion.V2008_10_17 && text.Contains("${", StringComparison.Ordinal))
            diagnostics.Add(Diagnostic.Error("VariableInOldVersion", position,
                $"{where}: '{text}' uses a policy variable, which needs \"Version\": \"{Version2012}\" (without it the text is literal)"));
    }

    private static List<PositionedString> ParseStrings(PositionedJson value, string where, List<Diagnostic> diagnostics)
    {
        var result = new List<PositionedString>();
        if (value.Kind == JsonKind.String)
        {
            AddString(value, where, result, diagnostics);
        }
        else if (value.Kind == JsonKind.Array)
        {
            if (value.Items!.Count == 0)
                diagnostics.Add(Diagnostic.Error("EmptyList", value.Position, $"{where} is an empty list"));
            foreach (var item in value.Items)
            {
                if (item.Kind == JsonKind.String) AddString(item, where, result, diagnostics);
                else diagnostics.Add(Diagnostic.Error("WrongType", item.Position, $"{where}: each value must be a string, not {item.KindName}"));
            }
        }
        else
        {
            diagnostics.Add(Diagnostic.Error("WrongType", value.Position, $"{where} must be a string or an array of strings, not {value.KindName}"));
        }
        return result;
    }

    private static void AddString(PositionedJson item, string where, List<PositionedString> result, List<Diagnostic> diagnostics)
    {
        if (item.Text!.Length == 0) diagnostics.Add(Diagnostic.Error("EmptyValue", item.Position, $"{where}: empty string"));
        else result.Add(new PositionedString(item.Text, item.Position));
    }

    private static PolicyPrincipal? ParsePrincipal(PositionedJson value, string where, List<Diagnostic> diagnostics)
    {
        if (value.Kind == JsonKind.String)
        {
            if (value.Text == "*") return new PolicyPrincipal(true, [], value.Position);
            diagnostics.Add(Diagnostic.Error("InvalidPrincipal", value.Position,
                $"{where}: a string principal must be \"*\"; name principals as {{\"AWS\": \"{value.Text}\"}}"));
            return null;
        }
        if (value.Kind != JsonKind.Object)
        {
            diagnostics.Add(Diagnostic.Error("WrongType", value.Position, $"{where} must be \"*\" or an object, not {value.KindName}"));
            return null;
        }
        var values = new List<PrincipalValue>();
        foreach (var property in value.Properties!)
        {
            PrincipalKind kind;
            switch (property.Name)
            {
                case "AWS": kind = PrincipalKind.Aws; break;
                case "Service": kind = PrincipalKind.Service; break;
                case "Federated": kind = PrincipalKind.Federated; break;
                case "CanonicalUser": kind = PrincipalKind.CanonicalUser; break;
                default:
                    diagnostics.Add(Diagnostic.Error("UnknownElement", property.NamePosition,
                        $"{where}: unknown principal type '{property.Name}' (expected AWS, Service, Federated or CanonicalUser)"));
                    continue;
            }
            foreach (var s in ParseStrings(property.Value, where + "." + property.Name, diagnostics))
                values.Add(new PrincipalValue(kind, s.Value, s.Position));
        }
        if (value.Properties.Count == 0)
            diagnostics.Add(Diagnostic.Error("EmptyValue", value.Position, $"{where} names no principal"));
        return new PolicyPrincipal(false, values, value.Position);
    }

    private static void ParseConditions(PositionedJson value, string where, PolicyVersion version, List<PolicyCondition> conditions,
        List<Diagnostic> diagnostics)
    {
        if (value.Kind != JsonKind.Object)
        {
            diagnostics.Add(Diagnostic.Error("WrongType", value.Position, $"{where}.Condition must be an object, not {value.KindName}"));
            return;
        }
        foreach (var opProperty in value.Properties!)
        {
            var opText = opProperty.Name;
            var error = ConditionOperatorName.TryParse(opText, out var qualifier, out var op, out var ifExists);
            if (error == ConditionOperatorParseError.UnknownQualifier)
            {
                diagnostics.Add(Diagnostic.Error("InvalidSetQualifier", opProperty.NamePosition,
                    $"{where}.Condition: '{opText}' has an unknown set qualifier (expected ForAllValues: or ForAnyValue:)"));
                continue;
            }
            if (error == ConditionOperatorParseError.UnknownOperator)
            {
                diagnostics.Add(Diagnostic.Error("InvalidConditionOperator", opProperty.NamePosition,
                    $"{where}.Condition: '{opText}' is not a condition operator (names are case-sensitive, e.g. StringEquals, StringLikeIfExists)"));
                continue;
            }
            if (opProperty.Value.Kind != JsonKind.Object)
            {
                diagnostics.Add(Diagnostic.Error("WrongType", opProperty.Value.Position,
                    $"{where}.Condition.{opText} must be an object of condition keys, not {opProperty.Value.KindName}"));
                continue;
            }
            if (opProperty.Value.Properties!.Count == 0)
                diagnostics.Add(Diagnostic.Error("EmptyValue", opProperty.Value.Position, $"{where}.Condition.{opText} has no condition key"));
            foreach (var keyProperty in opProperty.Value.Properties)
            {
                var keyWhere = $"{where}.Condition.{opText}.{keyProperty.Name}";
                if (keyProperty.Name.Length == 0)
                    diagnostics.Add(Diagnostic.Error("EmptyValue", keyProperty.NamePosition, $"{where}.Condition.{opText}: empty condition key"));
                var values = new List<ConditionValue>();
                var v = keyProperty.Value;
                if (v.Kind == JsonKind.Array)
                {
                    if (v.Items!.Count == 0)
                        diagnostics.Add(Diagnostic.Error("EmptyList", v.Position, $"{keyWhere} is an empty list"));
                    foreach (var item in v.Items) AddConditionValue(item, keyWhere, values, diagnostics);
                }
                else
                {
                    AddConditionValue(v, keyWhere, values, diagnostics);
                }
                foreach (var cv in values)
                    if (cv.IsString) CheckVariables(cv.Text, cv.Position, version, keyWhere, diagnostics);
                conditions.Add(new PolicyCondition(opText, op, qualifier, ifExists, opProperty.NamePosition, keyProperty.Name,
                    keyProperty.NamePosition, values));
            }
        }
    }

    private static void AddConditionValue(PositionedJson item, string where, List<ConditionValue> values, List<Diagnostic> diagnostics)
    {
        switch (item.Kind)
        {
            case JsonKind.String:
                values.Add(new ConditionValue(item.Text!, true, item.Position));
                break;
            case JsonKind.Number or JsonKind.True or JsonKind.False:
                values.Add(new ConditionValue(item.Text!, false, item.Position));
                break;
            default:
                diagnostics.Add(Diagnostic.Error("WrongType", item.Position,
                    $"{where}: a condition value must be a string, number or boolean, not {item.KindName}"));
                break;
        }
    }
}
