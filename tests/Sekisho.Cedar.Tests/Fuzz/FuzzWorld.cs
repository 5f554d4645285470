using System.Collections.Immutable;
using System.Text;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// The typed world a case is generated in: entity types, actions and the context type. It prints as a
/// <c>.cedarschema</c>; entities, requests and most expressions are generated to fit it, some on purpose not.
/// </summary>
public sealed record FuzzWorld(ImmutableArray<FuzzEntityType> EntityTypes, ImmutableArray<FuzzAction> Actions, FuzzType Context)
{
    public FuzzEntityType Type(string name)
    {
        foreach (var t in EntityTypes)
        {
            if (t.Name == name) return t;
        }
        throw new InvalidOperationException($"no entity type {name}");
    }

    public string ToSchema()
    {
        var sb = new StringBuilder();
        var namespaced = new StringBuilder();
        foreach (var t in EntityTypes)
        {
            var separator = t.Name.LastIndexOf("::", StringComparison.Ordinal);
            var target = separator < 0 ? sb : namespaced;
            var local = separator < 0 ? t.Name : t.Name[(separator + 2)..];
            target.Append("entity ").Append(local);
            if (t.MemberOf.Length > 0) target.Append(" in [").Append(string.Join(", ", t.MemberOf)).Append(']');
            target.Append(" = ").Append(t.Shape.ToSchema());
            if (t.Tags is { } tags) target.Append(" tags ").Append(tags.ToSchema());
            target.Append(";\n");
        }
        foreach (var a in Actions)
        {
            sb.Append("action ").Append(CedarText.Quote(a.Id));
            if (a.Groups.Length > 0) sb.Append(" in [").Append(string.Join(", ", a.Groups.Select(CedarText.Quote))).Append(']');
            if (!a.IsGroup)
            {
                sb.Append(" appliesTo {\n  principal: [").Append(string.Join(", ", a.PrincipalTypes)).Append("],\n  resource: [")
                    .Append(string.Join(", ", a.ResourceTypes)).Append("],\n  context: ").Append(Context.ToSchema()).Append("\n}");
            }
            sb.Append(";\n");
        }
        if (namespaced.Length > 0) sb.Append("namespace Org {\n").Append(namespaced).Append("}\n");
        return sb.ToString();
    }
}
