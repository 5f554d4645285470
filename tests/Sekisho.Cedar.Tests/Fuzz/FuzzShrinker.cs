using System.Collections.Immutable;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// Shrinks a case while a predicate (the engines still disagree) holds: keeps one request, then repeatedly
/// drops policies, templates, links, conditions, annotations, scope constraints, entities, attributes,
/// parents, tags and context entries, and replaces sub-expressions with their children or constants, taking
/// the first smaller case that still fails, until nothing smaller fails or the budget of checks is spent.
/// </summary>
public static class FuzzShrinker
{
    public static FuzzCase Shrink(FuzzCase c, int requestIndex, Func<FuzzCase, bool> stillFails, int budget = 3000)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(stillFails);
        var current = c with { Requests = [c.Requests[requestIndex]] };
        if (!stillFails(current)) return c;
        var checks = 0;
        var progress = true;
        while (progress && checks < budget)
        {
            progress = false;
            foreach (var candidate in Candidates(current))
            {
                if (++checks > budget) break;
                if (!stillFails(candidate)) continue;
                current = candidate;
                progress = true;
                break;
            }
        }
        return current;
    }

    private static IEnumerable<FuzzCase> Candidates(FuzzCase c)
    {
        for (var i = 0; i < c.Statics.Length; i++) yield return c with { Statics = c.Statics.RemoveAt(i) };
        for (var t = 0; t < c.Templates.Length; t++)
        {
            var links = c.Links.Where(l => l.TemplateIndex != t).Select(l => l.TemplateIndex > t ? l with { TemplateIndex = l.TemplateIndex - 1 } : l);
            yield return c with { Templates = c.Templates.RemoveAt(t), Links = [.. links] };
        }
        for (var i = 0; i < c.Links.Length; i++) yield return c with { Links = c.Links.RemoveAt(i) };
        for (var i = 0; i < c.Entities.Length; i++) yield return c with { Entities = c.Entities.RemoveAt(i) };
        var request = c.Requests[0];
        for (var i = 0; i < request.Context.Length; i++)
            yield return c with { Requests = [request with { Context = request.Context.RemoveAt(i) }] };
        for (var i = 0; i < c.Entities.Length; i++)
        {
            var e = c.Entities[i];
            for (var a = 0; a < e.Attributes.Length; a++)
                yield return c with { Entities = c.Entities.SetItem(i, e with { Attributes = e.Attributes.RemoveAt(a) }) };
            for (var p = 0; p < e.Parents.Length; p++)
                yield return c with { Entities = c.Entities.SetItem(i, e with { Parents = e.Parents.RemoveAt(p) }) };
            if (e.Tags is { } tags)
            {
                yield return c with { Entities = c.Entities.SetItem(i, e with { Tags = null }) };
                for (var t = 0; t < tags.Length; t++)
                    yield return c with { Entities = c.Entities.SetItem(i, e with { Tags = tags.RemoveAt(t) }) };
            }
        }
        foreach (var shrunk in PolicyCandidates(c.Statics, isTemplate: false)) yield return c with { Statics = shrunk };
        foreach (var shrunk in PolicyCandidates(c.Templates, isTemplate: true)) yield return c with { Templates = shrunk };
    }

    private static IEnumerable<ImmutableArray<FuzzPolicy>> PolicyCandidates(ImmutableArray<FuzzPolicy> policies, bool isTemplate)
    {
        for (var i = 0; i < policies.Length; i++)
        {
            var p = policies[i];
            if (p.Annotations.Length > 0) yield return policies.SetItem(i, p with { Annotations = [] });
            if (!isTemplate && p.Principal.Length > 0) yield return policies.SetItem(i, p with { Principal = "" });
            if (p.Action.Length > 0) yield return policies.SetItem(i, p with { Action = "" });
            if (!isTemplate && p.Resource.Length > 0) yield return policies.SetItem(i, p with { Resource = "" });
            for (var k = 0; k < p.Conditions.Length; k++)
                yield return policies.SetItem(i, p with { Conditions = p.Conditions.RemoveAt(k) });
            for (var k = 0; k < p.Conditions.Length; k++)
            {
                var condition = p.Conditions[k];
                foreach (var smaller in condition.Body.Simplifications())
                    yield return policies.SetItem(i, p with { Conditions = p.Conditions.SetItem(k, condition with { Body = smaller }) });
            }
        }
    }
}
