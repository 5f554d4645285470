using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Entities;

/// <summary>
/// The entities a request is decided against, keyed by uid, with each entity's ancestors computed once at
/// construction so that <c>in</c> is a hash lookup.
/// </summary>
public sealed class EntityStore
{
    private readonly Dictionary<EntityUid, Entity> _entities;

    public static EntityStore Empty { get; } = new([]);

    /// <summary>
    /// Builds the store. A uid given twice counts once when both entries are equal and is an error when they
    /// differ; a parent cycle (including an entity that is its own parent) is an error. Both messages are the
    /// reference's.
    /// </summary>
    public EntityStore(IEnumerable<Entity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        _entities = new Dictionary<EntityUid, Entity>();
        foreach (var e in entities)
        {
            if (_entities.TryAdd(e.Uid, e)) continue;
            if (!SameEntity(_entities[e.Uid], e)) throw new CedarException($"duplicate entity entry `{e.Uid}`");
        }
        ComputeAncestors();
    }

    public int Count => _entities.Count;

    public IEnumerable<Entity> Entities => _entities.Values;

    public bool TryGet(EntityUid uid, out Entity entity) => _entities.TryGetValue(uid, out entity!);

    public Entity? Get(EntityUid uid) => _entities.GetValueOrDefault(uid);

    public bool Contains(EntityUid uid) => _entities.ContainsKey(uid);

    /// <summary>Cedar's <c>a in b</c> for two entity uids: equal, or b is an ancestor of a.</summary>
    public bool IsIn(EntityUid a, EntityUid b) =>
        a.Equals(b) || (_entities.TryGetValue(a, out var e) && e.AncestorSet.Contains(b));

    /// <summary>A store with these entities added (e.g. the action entities a schema defines).</summary>
    public EntityStore With(IEnumerable<Entity> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        var all = new List<Entity>(_entities.Count);
        foreach (var e in _entities.Values) all.Add(new Entity(e.Uid, e.Attributes, e.Parents, e.Tags));
        foreach (var e in more) all.Add(new Entity(e.Uid, e.Attributes, e.Parents, e.Tags));
        return new EntityStore(all);
    }

    // A uid listed twice is the same entity only when everything about it is equal (parents as a set), as
    // the reference decides; it then counts once.
    private static bool SameEntity(Entity a, Entity b)
    {
        if (!a.Attributes.Equals(b.Attributes) || !a.Tags.Equals(b.Tags)) return false;
        var pa = new HashSet<EntityUid>(a.Parents);
        return pa.SetEquals(b.Parents);
    }

    // Iterative depth-first closure (a deep chain must not overflow the stack). A hierarchy with a cycle is
    // rejected as the reference rejects it: `in` over a cycle has no meaning the reference would agree with.
    private void ComputeAncestors()
    {
        var state = new Dictionary<EntityUid, bool>(_entities.Count); // false: on the path, true: done
        var stack = new Stack<(Entity Entity, IEnumerator<EntityUid> Parents)>();
        foreach (var root in _entities.Values)
        {
            if (state.ContainsKey(root.Uid)) continue;
            state[root.Uid] = false;
            stack.Push((root, root.Parents.GetEnumerator()));
            while (stack.Count > 0)
            {
                var (entity, parents) = stack.Peek();
                if (parents.MoveNext())
                {
                    var p = parents.Current;
                    if (!_entities.TryGetValue(p, out var pe)) continue;
                    if (state.TryGetValue(p, out var done))
                    {
                        if (!done) throw new CedarException($"transitive closure computation/enforcement error: input graph has a cycle containing vertex `{p}`");
                        continue;
                    }
                    state[p] = false;
                    stack.Push((pe, pe.Parents.GetEnumerator()));
                    continue;
                }
                parents.Dispose();
                stack.Pop();
                var set = new HashSet<EntityUid>();
                foreach (var q in entity.Parents)
                {
                    set.Add(q);
                    if (_entities.TryGetValue(q, out var qe)) set.UnionWith(qe.AncestorSet);
                }
                entity.AncestorSet = set;
                state[entity.Uid] = true;
            }
        }
    }
}
