using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Authorization;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar;

/// <summary>
/// Static policies, templates and the policies linked from templates. Only static and linked policies are
/// evaluated; a template is kept for linking.
/// </summary>
public sealed class PolicySet
{
    private readonly List<Policy> _policies = [];
    private readonly Dictionary<string, Policy> _templates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public PolicySet() { }

    public PolicySet(IEnumerable<Policy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        foreach (var p in policies) Add(p);
    }

    /// <summary>Parses policy text; ids are <c>policy0</c>, <c>policy1</c>, ... by position (templates included).</summary>
    public static PolicySet Parse(string text) => new(Parser.ParsePolicies(text));

    /// <summary>
    /// Parses policy text; a policy's id is its <c>@id</c> annotation when it has one, else its positional id.
    /// </summary>
    public static PolicySet ParseWithAnnotationIds(string text)
    {
        var set = new PolicySet();
        foreach (var p in Parser.ParsePolicies(text))
        {
            set.Add(p.Annotation("id") is { } id ? p with { Id = id } : p);
        }
        return set;
    }

    /// <summary>Policies that take part in authorization (static and linked), in order of addition.</summary>
    public IReadOnlyList<Policy> Policies => _policies;

    public IReadOnlyCollection<Policy> Templates => _templates.Values;

    /// <summary>Bumped on every change, so compiled forms can tell they are stale.</summary>
    public int Version { get; private set; }

    public void Add(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!_ids.Add(policy.Id)) throw new CedarException($"duplicate policy id `{policy.Id}`");
        if (policy.IsTemplate) _templates.Add(policy.Id, policy);
        else _policies.Add(policy);
        Version++;
    }

    private CompiledCache? _compiled;

    private sealed record CompiledCache(int Version, CompiledPolicy[] Policies);

    /// <summary>The evaluable policies compiled for the authorizer, rebuilt only after a change.</summary>
    internal CompiledPolicy[] Compiled()
    {
        var cache = _compiled;
        if (cache is not null && cache.Version == Version) return cache.Policies;
        var list = new CompiledPolicy[_policies.Count];
        for (var i = 0; i < list.Length; i++) list[i] = new CompiledPolicy(_policies[i]);
        _compiled = new CompiledCache(Version, list);
        return list;
    }

    public Policy? Template(string id) => _templates.GetValueOrDefault(id);

    /// <summary>Links template <paramref name="templateId"/> with the given slot values as policy <paramref name="newId"/>.</summary>
    public Policy Link(string templateId, string newId, EntityUid? principal, EntityUid? resource)
    {
        var template = Template(templateId) ?? throw new CedarException($"no template with id `{templateId}`");
        var linked = template.Link(newId, principal, resource);
        Add(linked);
        return linked;
    }

    /// <summary>Links a template with slot values keyed by slot.</summary>
    public Policy Link(string templateId, string newId, IReadOnlyDictionary<SlotId, EntityUid> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Link(templateId, newId, values.GetValueOrDefault(SlotId.Principal), values.GetValueOrDefault(SlotId.Resource));
    }
}
