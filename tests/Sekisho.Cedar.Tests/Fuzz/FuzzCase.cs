using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// One generated case: a policy set (static policies first, then templates, so both engines number them
/// <c>policy0</c>, <c>policy1</c>, ... in the same order), template links, an entity store, an optional schema,
/// and requests against them.
/// </summary>
public sealed record FuzzCase(
    ImmutableArray<FuzzPolicy> Statics,
    ImmutableArray<FuzzPolicy> Templates,
    ImmutableArray<FuzzLink> Links,
    ImmutableArray<FuzzEntity> Entities,
    string? Schema,
    ImmutableArray<FuzzRequest> Requests)
{
    public static string PolicyId(int position) => "policy" + position.ToString(CultureInfo.InvariantCulture);

    public string TemplateId(int index) => PolicyId(Statics.Length + index);

    /// <summary>All policies and templates as one Cedar text, in id order.</summary>
    public string PolicyText() => string.Join("\n\n", Statics.Concat(Templates).Select(p => p.ToString()));

    public string StaticText() => string.Join("\n\n", Statics.Select(p => p.ToString()));

    public string EntitiesJson()
    {
        var a = new JsonArray();
        foreach (var e in Entities) a.Add(e.ToJson());
        return a.ToJsonString();
    }

    /// <summary>The case as one line of the reference runner's JSON-lines input.</summary>
    public string ToRunnerLine()
    {
        var templates = new JsonObject();
        for (var i = 0; i < Templates.Length; i++) templates[TemplateId(i)] = Templates[i].ToString();
        var links = new JsonArray();
        foreach (var l in Links)
        {
            var values = new JsonObject();
            if (l.PrincipalSlot is { } p) values["?principal"] = p.ToJson();
            if (l.ResourceSlot is { } r) values["?resource"] = r.ToJson();
            links.Add(new JsonObject { ["templateId"] = TemplateId(l.TemplateIndex), ["newId"] = l.NewId, ["values"] = values });
        }
        var entities = new JsonArray();
        foreach (var e in Entities) entities.Add(e.ToJson());
        var requests = new JsonArray();
        foreach (var r in Requests) requests.Add(r.ToJson());
        var o = new JsonObject
        {
            ["policies"] = StaticText(),
            ["templates"] = templates,
            ["links"] = links,
            ["entities"] = entities,
            ["requests"] = requests,
        };
        if (Schema is not null) o["schema"] = Schema;
        return o.ToJsonString();
    }

    /// <summary>A human-readable reproduction: what to paste into files to replay the case.</summary>
    public string ToReproduction()
    {
        var indented = new JsonSerializerOptions { WriteIndented = true };
        var sb = new StringBuilder();
        sb.AppendLine("----- policies (ids policy0, policy1, ... in this order) -----");
        sb.AppendLine(PolicyText());
        if (Links.Length > 0)
        {
            sb.AppendLine("----- template links -----");
            foreach (var l in Links)
                sb.AppendLine(CultureInfo.InvariantCulture, $"{l.NewId} = {TemplateId(l.TemplateIndex)}(?principal: {l.PrincipalSlot?.ToString() ?? "-"}, ?resource: {l.ResourceSlot?.ToString() ?? "-"})");
        }
        sb.AppendLine("----- entities -----");
        var entities = new JsonArray();
        foreach (var e in Entities) entities.Add(e.ToJson());
        sb.AppendLine(entities.ToJsonString(indented));
        if (Schema is not null)
        {
            sb.AppendLine("----- schema -----");
            sb.AppendLine(Schema);
        }
        foreach (var r in Requests)
        {
            sb.AppendLine("----- request -----");
            sb.AppendLine(r.ToJson().ToJsonString(indented));
        }
        return sb.ToString();
    }
}
