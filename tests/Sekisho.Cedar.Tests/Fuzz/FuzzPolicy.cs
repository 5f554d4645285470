using System.Collections.Immutable;
using System.Text;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// A generated policy or template. Scope constraints are kept as source text after the variable
/// (<c>""</c>, <c>== User::"a"</c>, <c>in ?principal</c>, <c>is Doc in Folder::"f"</c>, ...).
/// </summary>
public sealed record FuzzPolicy(
    bool Permit,
    string Principal,
    string Action,
    string Resource,
    ImmutableArray<FuzzCondition> Conditions,
    ImmutableArray<KeyValuePair<string, string>> Annotations)
{
    public bool IsTemplate => Principal.Contains("?principal", StringComparison.Ordinal) || Resource.Contains("?resource", StringComparison.Ordinal);

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in Annotations) sb.Append('@').Append(key).Append('(').Append(CedarText.Quote(value)).Append(")\n");
        sb.Append(Permit ? "permit" : "forbid").Append("(\n  principal");
        if (Principal.Length > 0) sb.Append(' ').Append(Principal);
        sb.Append(",\n  action");
        if (Action.Length > 0) sb.Append(' ').Append(Action);
        sb.Append(",\n  resource");
        if (Resource.Length > 0) sb.Append(' ').Append(Resource);
        sb.Append("\n)");
        foreach (var c in Conditions)
        {
            sb.Append(c.When ? "\nwhen { " : "\nunless { ");
            c.Body.Print(sb);
            sb.Append(" }");
        }
        return sb.Append(';').ToString();
    }
}
