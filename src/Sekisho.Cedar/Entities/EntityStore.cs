using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Entities;

/// <summary>
/// The entities a request is decided against, keyed by uid, with each entity's ancestors computed once at
/// construction so that <c>in</c> is a hash lookup.
/// </summary>
public sealed class EntityStore
{
    private readonly Dictionary<EntityUid, Entity> _entities;
    private bool _hasCycle;

    public static EntityStore Empty { get; } = new([]);

    /// <summary>Builds the store; a uid given twice is an error.</summary>
    public EntityStore(IEnumerable<Entity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        _entities = new Dictionary<EntityUid, Entity>();
        foreach (var e in entities)
        {
            if (!_entities.TryAdd(e.Uid, e)) throw new CedarException($"duplicate entity {e.Uid}");
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

    private void ComputeAncestors()
    {
        // Depth-first with memoisation; a cycle simply makes its members ancestors of each other.
        var done = new HashSet<EntityUid>();
        var onStack = new HashSet<EntityUid>();
        foreach (var e in _entities.Values) Visit(e, done, onStack);
        if (!_hasCycle) return;
        // Entities on a cycle may have been finished before their cycle partners were complete: close them again.
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var e in _entities.Values)
            {
                var count = e.AncestorSet.Count;
                foreach (var p in e.AncestorSet.ToArray())
                {
                    if (_entities.TryGetValue(p, out var pe)) e.AncestorSet.UnionWith(pe.AncestorSet);
                }
                e.AncestorSet.Remove(e.Uid);
                if (e.AncestorSet.Count != count) changed = true;
            }
        }
    }

    private void Visit(Entity e, HashSet<EntityUid> done, HashSet<EntityUid> onStack)
    {
        if (done.Contains(e.Uid)) return;
        if (!onStack.Add(e.Uid))
        {
            _hasCycle = true;
            return;
        }
        var set = new HashSet<EntityUid>();
        foreach (var p in e.Parents)
        {
            set.Add(p);
            if (_entities.TryGetValue(p, out var pe))
            {
                Visit(pe, done, onStack);
                set.UnionWith(pe.AncestorSet);
            }
        }
        set.Remove(e.Uid);
        e.AncestorSet = set;
        onStack.Remove(e.Uid);
        done.Add(e.Uid);
    }
}
